//go:build !linux

package platform

func connectionsAll(FS, connTables) ([]Conn, error) {
	return nil, notImplemented("net_connections")
}

func connectionsPid(FS, int, connTables) ([]ProcessConn, error) {
	return nil, notImplemented("Process.net_connections")
}
