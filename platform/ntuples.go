package platform

// The named tuples psutil returns, declared once. Each struct's `tuple` tags
// give psutil's field names in psutil's order (psutil 8's order where it
// changed); the Lua bindings derive the Lua fields, positional indices,
// `_fields` and the repr from these declarations. Pointer fields are psutil's
// optional values: nil is None. The `json` tags repeat the names, so that
// encoding/json gives psutil's _asdict() (None is null); json.go has the
// tuples whose fields differ by OS and the connections.

// A field whose `os` tag is "windows" belongs to the tuple only on
// Windows; one tagged "!windows" everywhere else: psutil's tuples differ
// by OS (psutil/_ntuples.py). [TupleFieldOnOS] applies the tag.

// TupleFieldOnOS reports whether a field with the `os` tag osTag belongs to
// the tuple on the OS psulua was built for.
func TupleFieldOnOS(osTag string) bool {
	switch osTag {
	case "":
		return true
	case "windows":
		return WINDOWS
	case "!windows":
		return !WINDOWS
	}
	return false
}

// Tuple is implemented by every named tuple type.
type Tuple interface {
	// TupleName is psutil's class name, used in the repr: "svmem".
	TupleName() string
}

// CPUTimes is returned by cpu_times and cpu_times_percent: seconds (or, for
// cpu_times_percent, percentages) spent in each mode. On Linux, user includes
// guest and nice includes guest_nice, as the kernel counts them. psutil 8
// puts user, system, idle first on every OS. Windows has user, system,
// idle, irq (interrupts) and dpc (deferred procedure calls).
type CPUTimes struct {
	User      float64 `tuple:"user" json:"user"`
	System    float64 `tuple:"system" json:"system"`
	Idle      float64 `tuple:"idle" json:"idle"`
	Nice      float64 `tuple:"nice" os:"!windows" json:"nice"`
	Iowait    float64 `tuple:"iowait" os:"!windows" json:"iowait"`
	Irq       float64 `tuple:"irq" json:"irq"`
	Softirq   float64 `tuple:"softirq" os:"!windows" json:"softirq"`
	Steal     float64 `tuple:"steal" os:"!windows" json:"steal"`
	Guest     float64 `tuple:"guest" os:"!windows" json:"guest"`
	GuestNice float64 `tuple:"guest_nice" os:"!windows" json:"guest_nice"`
	Dpc       float64 `tuple:"dpc" os:"windows" json:"dpc"`
}

// CPUStats is returned by cpu_stats. Syscalls is always 0 on Linux.
type CPUStats struct {
	CtxSwitches    uint64 `tuple:"ctx_switches" json:"ctx_switches"`
	Interrupts     uint64 `tuple:"interrupts" json:"interrupts"`
	SoftInterrupts uint64 `tuple:"soft_interrupts" json:"soft_interrupts"`
	Syscalls       uint64 `tuple:"syscalls" json:"syscalls"`
}

// CPUFreq is returned by cpu_freq, in MHz; Min and Max are 0 when unknown.
type CPUFreq struct {
	Current float64 `tuple:"current" json:"current"`
	Min     float64 `tuple:"min" json:"min"`
	Max     float64 `tuple:"max" json:"max"`
}

// VirtualMemory is returned by virtual_memory, in bytes (Percent in %).
// Windows has total to free, cached (the system cache) and wired (the
// kernel's non-paged pool).
type VirtualMemory struct {
	Total     uint64  `tuple:"total" json:"total"`
	Available uint64  `tuple:"available" json:"available"`
	Percent   float64 `tuple:"percent" json:"percent"`
	Used      uint64  `tuple:"used" json:"used"`
	Free      uint64  `tuple:"free" json:"free"`
	Active    uint64  `tuple:"active" os:"!windows" json:"active"`
	Inactive  uint64  `tuple:"inactive" os:"!windows" json:"inactive"`
	Buffers   uint64  `tuple:"buffers" os:"!windows" json:"buffers"`
	Cached    uint64  `tuple:"cached" json:"cached"`
	Shared    uint64  `tuple:"shared" os:"!windows" json:"shared"`
	Slab      uint64  `tuple:"slab" os:"!windows" json:"slab"`
	Wired     uint64  `tuple:"wired" os:"windows" json:"wired"`
}

// SwapMemory is returned by swap_memory, in bytes; Sin and Sout are
// cumulative bytes swapped in and out since boot.
type SwapMemory struct {
	Total   uint64  `tuple:"total" json:"total"`
	Used    uint64  `tuple:"used" json:"used"`
	Free    uint64  `tuple:"free" json:"free"`
	Percent float64 `tuple:"percent" json:"percent"`
	Sin     uint64  `tuple:"sin" json:"sin"`
	Sout    uint64  `tuple:"sout" json:"sout"`
}

// DiskPartition is an element of disk_partitions. psutil 6 dropped the
// maxfile and maxpath fields that 5.7.4 had added; we follow it.
type DiskPartition struct {
	Device     string `tuple:"device" json:"device"`
	Mountpoint string `tuple:"mountpoint" json:"mountpoint"`
	Fstype     string `tuple:"fstype" json:"fstype"`
	Opts       string `tuple:"opts" json:"opts"`
}

// DiskUsage is returned by disk_usage, in bytes. Free and Percent are as seen
// by an unprivileged user, as df shows them.
type DiskUsage struct {
	Total   uint64  `tuple:"total" json:"total"`
	Used    int64   `tuple:"used" json:"used"` // negative where psutil's is (see System.DiskUsage)
	Free    uint64  `tuple:"free" json:"free"`
	Percent float64 `tuple:"percent" json:"percent"`
}

// DiskIOCounters is returned by disk_io_counters; times are in milliseconds.
type DiskIOCounters struct {
	ReadCount        uint64 `tuple:"read_count" json:"read_count"`
	WriteCount       uint64 `tuple:"write_count" json:"write_count"`
	ReadBytes        uint64 `tuple:"read_bytes" json:"read_bytes"`
	WriteBytes       uint64 `tuple:"write_bytes" json:"write_bytes"`
	ReadTime         uint64 `tuple:"read_time" json:"read_time"`
	WriteTime        uint64 `tuple:"write_time" json:"write_time"`
	ReadMergedCount  uint64 `tuple:"read_merged_count" json:"read_merged_count"`
	WriteMergedCount uint64 `tuple:"write_merged_count" json:"write_merged_count"`
	BusyTime         uint64 `tuple:"busy_time" json:"busy_time"`
}

// NetIOCounters is returned by net_io_counters.
type NetIOCounters struct {
	BytesSent   uint64 `tuple:"bytes_sent" json:"bytes_sent"`
	BytesRecv   uint64 `tuple:"bytes_recv" json:"bytes_recv"`
	PacketsSent uint64 `tuple:"packets_sent" json:"packets_sent"`
	PacketsRecv uint64 `tuple:"packets_recv" json:"packets_recv"`
	Errin       uint64 `tuple:"errin" json:"errin"`
	Errout      uint64 `tuple:"errout" json:"errout"`
	Dropin      uint64 `tuple:"dropin" json:"dropin"`
	Dropout     uint64 `tuple:"dropout" json:"dropout"`
}

// NetIfAddr is an element of net_if_addrs: one address of a NIC.
type NetIfAddr struct {
	Family    AddressFamily `tuple:"family" json:"family"`
	Address   *string       `tuple:"address" json:"address"` // nil for AF_UNSPEC entries
	Netmask   *string       `tuple:"netmask" json:"netmask"`
	Broadcast *string       `tuple:"broadcast" json:"broadcast"`
	Ptp       *string       `tuple:"ptp" json:"ptp"`
}

// NetIfStats is a value of net_if_stats. Speed is in Mbit/s (0 if unknown),
// MTU in bytes, Flags a comma-separated list such as "up,broadcast,running".
type NetIfStats struct {
	Isup   bool      `tuple:"isup" json:"isup"`
	Duplex NicDuplex `tuple:"duplex" json:"duplex"`
	Speed  int       `tuple:"speed" json:"speed"`
	MTU    int       `tuple:"mtu" json:"mtu"`
	Flags  string    `tuple:"flags" json:"flags"`
}

// Temperature is an element of sensors_temperatures, in Celsius unless
// Fahrenheit was asked for.
type Temperature struct {
	Label    string   `tuple:"label" json:"label"`
	Current  float64  `tuple:"current" json:"current"`
	High     *float64 `tuple:"high" json:"high"`
	Critical *float64 `tuple:"critical" json:"critical"`
}

// Fan is an element of sensors_fans, in RPM.
type Fan struct {
	Label   string `tuple:"label" json:"label"`
	Current int    `tuple:"current" json:"current"`
}

// Battery is returned by sensors_battery. Secsleft is a number of seconds or
// one of [POWER_TIME_UNLIMITED] and [POWER_TIME_UNKNOWN]; PowerPlugged is nil
// when unknown. Percent is a float on every OS, as in psutil 8.
type Battery struct {
	Percent      float64     `tuple:"percent" json:"percent"`
	Secsleft     BatteryTime `tuple:"secsleft" json:"secsleft"`
	PowerPlugged *bool       `tuple:"power_plugged" json:"power_plugged"`
}

// User is an element of users: a login session.
type User struct {
	Name     string  `tuple:"name" json:"name"`
	Terminal *string `tuple:"terminal" json:"terminal"`
	Host     *string `tuple:"host" json:"host"`
	Started  float64 `tuple:"started" json:"started"` // seconds since the epoch
	Pid      int     `tuple:"pid" json:"pid"`
}

func (CPUTimes) TupleName() string       { return "scputimes" }
func (CPUStats) TupleName() string       { return "scpustats" }
func (CPUFreq) TupleName() string        { return "scpufreq" }
func (VirtualMemory) TupleName() string  { return "svmem" }
func (SwapMemory) TupleName() string     { return "sswap" }
func (DiskPartition) TupleName() string  { return "sdiskpart" }
func (DiskUsage) TupleName() string      { return "sdiskusage" }
func (DiskIOCounters) TupleName() string { return "sdiskio" }
func (NetIOCounters) TupleName() string  { return "snetio" }
func (NetIfAddr) TupleName() string      { return "snicaddr" }
func (NetIfStats) TupleName() string     { return "snicstats" }
func (Temperature) TupleName() string    { return "shwtemp" }
func (Fan) TupleName() string            { return "sfan" }
func (Battery) TupleName() string        { return "sbattery" }
func (User) TupleName() string           { return "suser" }

// Connections

// Addr is psutil's addr(ip, port): the address of an AF_INET or AF_INET6
// endpoint.
type Addr struct {
	IP   string `tuple:"ip" json:"ip"`
	Port int    `tuple:"port" json:"port"`
}

// ConnAddr is the laddr or raddr of a [Conn] or [ProcessConn]. psutil gives
// these fields one of three shapes, told apart by the connection's Family:
//
//   - AF_INET, AF_INET6: addr(ip, port) ([ConnAddr.Addr]), or the empty
//     tuple () when the endpoint [ConnAddr.IsZero]: a listening or
//     unconnected socket's raddr, and any endpoint whose port is 0 (psutil
//     then drops the IP too).
//   - AF_UNIX: the string Path: "" for an unnamed socket (and always for
//     raddr, which Linux does not report); an abstract name starts with '@'.
//
// A Lua or Python conversion therefore needs the Family beside it; the
// reflection-based tuple conversion does not handle this type.
//
// In JSON, a [Conn] or [ProcessConn] gives psutil's shapes (json.go); a
// ConnAddr on its own is a plain object.
type ConnAddr struct {
	IP   string `json:"ip"`   // AF_INET, AF_INET6 only: "127.0.0.1", "::1", "::ffff:127.0.0.1"
	Port int    `json:"port"` // AF_INET, AF_INET6 only
	Path string `json:"path"` // AF_UNIX only
}

// IsZero reports whether the endpoint has no address: psutil's () for an
// inet socket, "" for a UNIX one.
func (a ConnAddr) IsZero() bool { return a == ConnAddr{} }

// Addr returns the inet endpoint as psutil's addr(ip, port) tuple.
func (a ConnAddr) Addr() Addr { return Addr{IP: a.IP, Port: a.Port} }

// Conn is an element of net_connections: psutil's sconn. Laddr and Raddr
// need a conversion that looks at Family (see [ConnAddr]); Pid is nil (None)
// and Fd -1 when the socket's owner could not be found, e.g. it belongs to
// another user and the caller is not root.
type Conn struct {
	Fd     int           `tuple:"fd" json:"fd"`
	Family AddressFamily `tuple:"family" json:"family"`
	Type   SocketType    `tuple:"type" json:"type"`
	Laddr  ConnAddr      `tuple:"laddr" json:"laddr"`
	Raddr  ConnAddr      `tuple:"raddr" json:"raddr"`
	Status string        `tuple:"status" json:"status"` // one of the CONN_* constants
	Pid    *int          `tuple:"pid" json:"pid"`
}

// ProcessConn is an element of Process.net_connections: psutil's pconn,
// [Conn] without the pid.
type ProcessConn struct {
	Fd     int           `tuple:"fd" json:"fd"`
	Family AddressFamily `tuple:"family" json:"family"`
	Type   SocketType    `tuple:"type" json:"type"`
	Laddr  ConnAddr      `tuple:"laddr" json:"laddr"`
	Raddr  ConnAddr      `tuple:"raddr" json:"raddr"`
	Status string        `tuple:"status" json:"status"` // one of the CONN_* constants
}

func (Addr) TupleName() string        { return "addr" }
func (Conn) TupleName() string        { return "sconn" }
func (ProcessConn) TupleName() string { return "pconn" }

// Processes

// MemoryInfo is returned by Process.memory_info, in bytes: psutil 8's Linux
// pmem (lib and dirty, always 0 since Linux 2.6, were dropped). On Windows
// pmem is rss (the working set), vms (the private bytes) and their peaks.
type MemoryInfo struct {
	RSS     uint64 `tuple:"rss" json:"rss"`                        // resident set size
	VMS     uint64 `tuple:"vms" json:"vms"`                        // virtual memory size
	Shared  uint64 `tuple:"shared" os:"!windows" json:"shared"`    // resident file-backed and shared memory
	Text    uint64 `tuple:"text" os:"!windows" json:"text"`        // code
	Data    uint64 `tuple:"data" os:"!windows" json:"data"`        // data + stack
	PeakRSS uint64 `tuple:"peak_rss" os:"windows" json:"peak_rss"` // largest working set
	PeakVMS uint64 `tuple:"peak_vms" os:"windows" json:"peak_vms"` // largest private bytes
}

// MemoryInfoEx is returned by Process.memory_info_ex (psutil 8): MemoryInfo
// plus the peaks and the split of the RSS from /proc/<pid>/status, in bytes.
//
// On Windows it is pmem followed by the virtual size, the paged and
// non-paged pools, and their peaks.
type MemoryInfoEx struct {
	RSS              uint64 `tuple:"rss" json:"rss"`
	VMS              uint64 `tuple:"vms" json:"vms"`
	Shared           uint64 `tuple:"shared" os:"!windows" json:"shared"`
	Text             uint64 `tuple:"text" os:"!windows" json:"text"`
	Data             uint64 `tuple:"data" os:"!windows" json:"data"`
	PeakRSS          uint64 `tuple:"peak_rss" json:"peak_rss"`
	PeakVMS          uint64 `tuple:"peak_vms" json:"peak_vms"`
	RSSAnon          uint64 `tuple:"rss_anon" os:"!windows" json:"rss_anon"`
	RSSFile          uint64 `tuple:"rss_file" os:"!windows" json:"rss_file"`
	RSSShmem         uint64 `tuple:"rss_shmem" os:"!windows" json:"rss_shmem"`
	Swap             uint64 `tuple:"swap" os:"!windows" json:"swap"`
	Hugetlb          uint64 `tuple:"hugetlb" os:"!windows" json:"hugetlb"`
	Virtual          uint64 `tuple:"virtual" os:"windows" json:"virtual"`
	PeakVirtual      uint64 `tuple:"peak_virtual" os:"windows" json:"peak_virtual"`
	PagedPool        uint64 `tuple:"paged_pool" os:"windows" json:"paged_pool"`
	NonpagedPool     uint64 `tuple:"nonpaged_pool" os:"windows" json:"nonpaged_pool"`
	PeakPagedPool    uint64 `tuple:"peak_paged_pool" os:"windows" json:"peak_paged_pool"`
	PeakNonpagedPool uint64 `tuple:"peak_nonpaged_pool" os:"windows" json:"peak_nonpaged_pool"`
}

// MemoryFootprint is returned by Process.memory_footprint (psutil 8), in
// bytes: the unique, proportional and swapped-out memory; Windows has only
// the unique.
type MemoryFootprint struct {
	USS  uint64 `tuple:"uss" json:"uss"`
	PSS  uint64 `tuple:"pss" os:"!windows" json:"pss"`
	Swap uint64 `tuple:"swap" os:"!windows" json:"swap"`
}

// MemoryFullInfo is returned by Process.memory_full_info (deprecated in
// psutil 8): MemoryInfo followed by MemoryFootprint.
type MemoryFullInfo struct {
	RSS     uint64 `tuple:"rss" json:"rss"`
	VMS     uint64 `tuple:"vms" json:"vms"`
	Shared  uint64 `tuple:"shared" os:"!windows" json:"shared"`
	Text    uint64 `tuple:"text" os:"!windows" json:"text"`
	Data    uint64 `tuple:"data" os:"!windows" json:"data"`
	PeakRSS uint64 `tuple:"peak_rss" os:"windows" json:"peak_rss"`
	PeakVMS uint64 `tuple:"peak_vms" os:"windows" json:"peak_vms"`
	USS     uint64 `tuple:"uss" json:"uss"`
	PSS     uint64 `tuple:"pss" os:"!windows" json:"pss"`
	Swap    uint64 `tuple:"swap" os:"!windows" json:"swap"`
}

// ProcessCPUTimes is returned by Process.cpu_times, in seconds. Iowait is
// the time spent waiting for block I/O (Linux only; Windows has no such
// field).
type ProcessCPUTimes struct {
	User           float64 `tuple:"user" json:"user"`
	System         float64 `tuple:"system" json:"system"`
	ChildrenUser   float64 `tuple:"children_user" json:"children_user"`
	ChildrenSystem float64 `tuple:"children_system" json:"children_system"`
	Iowait         float64 `tuple:"iowait" os:"!windows" json:"iowait"`
}

// ProcessIOCounters is returned by Process.io_counters. ReadChars and
// WriteChars count every read and write system call, cache hits included.
// Windows counts instead the other operations (neither reads nor writes):
// OtherCount and OtherBytes.
type ProcessIOCounters struct {
	ReadCount  uint64 `tuple:"read_count" json:"read_count"`
	WriteCount uint64 `tuple:"write_count" json:"write_count"`
	ReadBytes  uint64 `tuple:"read_bytes" json:"read_bytes"`
	WriteBytes uint64 `tuple:"write_bytes" json:"write_bytes"`
	ReadChars  uint64 `tuple:"read_chars" os:"!windows" json:"read_chars"`
	WriteChars uint64 `tuple:"write_chars" os:"!windows" json:"write_chars"`
	OtherCount uint64 `tuple:"other_count" os:"windows" json:"other_count"`
	OtherBytes uint64 `tuple:"other_bytes" os:"windows" json:"other_bytes"`
}

// CtxSwitches is returned by Process.num_ctx_switches.
type CtxSwitches struct {
	Voluntary   uint64 `tuple:"voluntary" json:"voluntary"`
	Involuntary uint64 `tuple:"involuntary" json:"involuntary"`
}

// Uids is returned by Process.uids.
type Uids struct {
	Real      int `tuple:"real" json:"real"`
	Effective int `tuple:"effective" json:"effective"`
	Saved     int `tuple:"saved" json:"saved"`
}

// Gids is returned by Process.gids.
type Gids struct {
	Real      int `tuple:"real" json:"real"`
	Effective int `tuple:"effective" json:"effective"`
	Saved     int `tuple:"saved" json:"saved"`
}

// Ionice is returned by Process.ionice: an IOPRIO_CLASS_* constant and a
// priority from 0 (highest) to 7 within the class.
type Ionice struct {
	Ioclass IOPriorityClass `tuple:"ioclass" json:"ioclass"`
	Value   int             `tuple:"value" json:"value"`
}

// OpenFile is an element of Process.open_files: a regular file the process
// has open. Mode is "r", "w", "a", "r+" or "a+"; Flags are the open(2)
// flags.
//
// Windows has only path and fd, which is -1 there.
type OpenFile struct {
	Path     string `tuple:"path" json:"path"`
	Fd       int    `tuple:"fd" json:"fd"`
	Position int64  `tuple:"position" os:"!windows" json:"position"`
	Mode     string `tuple:"mode" os:"!windows" json:"mode"`
	Flags    int    `tuple:"flags" os:"!windows" json:"flags"`
}

// Thread is an element of Process.threads; times in seconds.
type Thread struct {
	ID         int     `tuple:"id" json:"id"`
	UserTime   float64 `tuple:"user_time" json:"user_time"`
	SystemTime float64 `tuple:"system_time" json:"system_time"`
}

// MemoryMapGrouped is an element of Process.memory_maps(grouped=True): the
// regions mapping one path, summed, in bytes. Windows has path and rss.
type MemoryMapGrouped struct {
	Path         string `tuple:"path" json:"path"`
	RSS          uint64 `tuple:"rss" json:"rss"`
	Size         uint64 `tuple:"size" os:"!windows" json:"size"`
	PSS          uint64 `tuple:"pss" os:"!windows" json:"pss"`
	SharedClean  uint64 `tuple:"shared_clean" os:"!windows" json:"shared_clean"`
	SharedDirty  uint64 `tuple:"shared_dirty" os:"!windows" json:"shared_dirty"`
	PrivateClean uint64 `tuple:"private_clean" os:"!windows" json:"private_clean"`
	PrivateDirty uint64 `tuple:"private_dirty" os:"!windows" json:"private_dirty"`
	Referenced   uint64 `tuple:"referenced" os:"!windows" json:"referenced"`
	Anonymous    uint64 `tuple:"anonymous" os:"!windows" json:"anonymous"`
	Swap         uint64 `tuple:"swap" os:"!windows" json:"swap"`
}

// MemoryMapExt is an element of Process.memory_maps(grouped=False): one
// mapped region, in bytes. Windows has addr, perms, path and rss (the
// region's size).
type MemoryMapExt struct {
	Addr         string `tuple:"addr" json:"addr"`
	Perms        string `tuple:"perms" json:"perms"`
	Path         string `tuple:"path" json:"path"`
	RSS          uint64 `tuple:"rss" json:"rss"`
	Size         uint64 `tuple:"size" os:"!windows" json:"size"`
	PSS          uint64 `tuple:"pss" os:"!windows" json:"pss"`
	SharedClean  uint64 `tuple:"shared_clean" os:"!windows" json:"shared_clean"`
	SharedDirty  uint64 `tuple:"shared_dirty" os:"!windows" json:"shared_dirty"`
	PrivateClean uint64 `tuple:"private_clean" os:"!windows" json:"private_clean"`
	PrivateDirty uint64 `tuple:"private_dirty" os:"!windows" json:"private_dirty"`
	Referenced   uint64 `tuple:"referenced" os:"!windows" json:"referenced"`
	Anonymous    uint64 `tuple:"anonymous" os:"!windows" json:"anonymous"`
	Swap         uint64 `tuple:"swap" os:"!windows" json:"swap"`
}

// PageFaults is returned by Process.page_faults (psutil 8).
type PageFaults struct {
	Minor uint64 `tuple:"minor" json:"minor"`
	Major uint64 `tuple:"major" json:"major"`
}

func (MemoryInfo) TupleName() string        { return "pmem" }
func (MemoryInfoEx) TupleName() string      { return "pmem_ex" }
func (MemoryFootprint) TupleName() string   { return "pfootprint" }
func (MemoryFullInfo) TupleName() string    { return "pfullmem" }
func (ProcessCPUTimes) TupleName() string   { return "pcputimes" }
func (ProcessIOCounters) TupleName() string { return "pio" }
func (CtxSwitches) TupleName() string       { return "pctxsw" }
func (Uids) TupleName() string              { return "puids" }
func (Gids) TupleName() string              { return "pgids" }
func (Ionice) TupleName() string            { return "pionice" }
func (OpenFile) TupleName() string          { return "popenfile" }
func (Thread) TupleName() string            { return "pthread" }
func (MemoryMapGrouped) TupleName() string  { return "pmmap_grouped" }
func (MemoryMapExt) TupleName() string      { return "pmmap_ext" }
func (PageFaults) TupleName() string        { return "ppagefaults" }

// HeapStats is returned by heap_info, in bytes: psulua's heap is the Go
// runtime's, so HeapUsed is the memory held by live heap objects and
// MmapUsed what the runtime mapped from the OS for everything else (stacks,
// GC metadata, spans, caches), instead of glibc's malloc statistics.
type HeapStats struct {
	HeapUsed uint64 `tuple:"heap_used" json:"heap_used"`
	MmapUsed uint64 `tuple:"mmap_used" json:"mmap_used"`
}

func (HeapStats) TupleName() string { return "pheap" }
