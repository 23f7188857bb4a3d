package winapi

import "strings"

// DosPath converts an NT path ("\Device\HarddiskVolume1\Windows\x.dll",
// "\??\C:\x", "\Device\Mup\server\share\x") to a DOS one ("C:\Windows\x.dll",
// "\\server\share\x"), as psutil's convert_dos_path does. devices maps a
// device name ("\Device\HarddiskVolume1") to its drive ("C:"), as
// QueryDosDevice tells; a path on no known device is returned unchanged.
func DosPath(s string, devices map[string]string) string {
	if strings.HasPrefix(s, `\\`) {
		return s
	}
	parts := strings.Split(s, `\`)
	if len(parts) >= 3 {
		raw := strings.Join(parts[:3], `\`)
		switch {
		case (raw == `\??\UNC` || raw == `\Device\Mup`) && len(parts) >= 5:
			return `\\` + strings.Join(parts[3:], `\`)
		case strings.HasPrefix(raw, `\??\`):
			return strings.Join(parts[2:], `\`)
		}
		if drive, ok := devices[strings.ToLower(raw)]; ok {
			return drive + s[len(raw):]
		}
	}
	return s
}
