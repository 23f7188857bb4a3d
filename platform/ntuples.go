package platform

// The named tuples psutil returns, declared once. Each struct's `tuple` tags
// give psutil's field names in psutil's order (psutil 8's order where it
// changed); the Lua bindings derive the Lua fields, positional indices,
// `_fields` and the repr from these declarations. Pointer fields are psutil's
// optional values: nil is None.

// Tuple is implemented by every named tuple type.
type Tuple interface {
	// TupleName is psutil's class name, used in the repr: "svmem".
	TupleName() string
}

// CPUTimes is returned by cpu_times and cpu_times_percent: seconds (or, for
// cpu_times_percent, percentages) spent in each mode. On Linux, user includes
// guest and nice includes guest_nice, as the kernel counts them. psutil 8
// puts user, system, idle first on every OS.
type CPUTimes struct {
	User      float64 `tuple:"user"`
	System    float64 `tuple:"system"`
	Idle      float64 `tuple:"idle"`
	Nice      float64 `tuple:"nice"`
	Iowait    float64 `tuple:"iowait"`
	Irq       float64 `tuple:"irq"`
	Softirq   float64 `tuple:"softirq"`
	Steal     float64 `tuple:"steal"`
	Guest     float64 `tuple:"guest"`
	GuestNice float64 `tuple:"guest_nice"`
}

// CPUStats is returned by cpu_stats. Syscalls is always 0 on Linux.
type CPUStats struct {
	CtxSwitches    uint64 `tuple:"ctx_switches"`
	Interrupts     uint64 `tuple:"interrupts"`
	SoftInterrupts uint64 `tuple:"soft_interrupts"`
	Syscalls       uint64 `tuple:"syscalls"`
}

// CPUFreq is returned by cpu_freq, in MHz; Min and Max are 0 when unknown.
type CPUFreq struct {
	Current float64 `tuple:"current"`
	Min     float64 `tuple:"min"`
	Max     float64 `tuple:"max"`
}

// VirtualMemory is returned by virtual_memory, in bytes (Percent in %).
type VirtualMemory struct {
	Total     uint64  `tuple:"total"`
	Available uint64  `tuple:"available"`
	Percent   float64 `tuple:"percent"`
	Used      uint64  `tuple:"used"`
	Free      uint64  `tuple:"free"`
	Active    uint64  `tuple:"active"`
	Inactive  uint64  `tuple:"inactive"`
	Buffers   uint64  `tuple:"buffers"`
	Cached    uint64  `tuple:"cached"`
	Shared    uint64  `tuple:"shared"`
	Slab      uint64  `tuple:"slab"`
}

// SwapMemory is returned by swap_memory, in bytes; Sin and Sout are
// cumulative bytes swapped in and out since boot.
type SwapMemory struct {
	Total   uint64  `tuple:"total"`
	Used    uint64  `tuple:"used"`
	Free    uint64  `tuple:"free"`
	Percent float64 `tuple:"percent"`
	Sin     uint64  `tuple:"sin"`
	Sout    uint64  `tuple:"sout"`
}

// DiskPartition is an element of disk_partitions. psutil 6 dropped the
// maxfile and maxpath fields that 5.7.4 had added; we follow it.
type DiskPartition struct {
	Device     string `tuple:"device"`
	Mountpoint string `tuple:"mountpoint"`
	Fstype     string `tuple:"fstype"`
	Opts       string `tuple:"opts"`
}

// DiskUsage is returned by disk_usage, in bytes. Free and Percent are as seen
// by an unprivileged user, as df shows them.
type DiskUsage struct {
	Total   uint64  `tuple:"total"`
	Used    uint64  `tuple:"used"`
	Free    uint64  `tuple:"free"`
	Percent float64 `tuple:"percent"`
}

// DiskIOCounters is returned by disk_io_counters; times are in milliseconds.
type DiskIOCounters struct {
	ReadCount        uint64 `tuple:"read_count"`
	WriteCount       uint64 `tuple:"write_count"`
	ReadBytes        uint64 `tuple:"read_bytes"`
	WriteBytes       uint64 `tuple:"write_bytes"`
	ReadTime         uint64 `tuple:"read_time"`
	WriteTime        uint64 `tuple:"write_time"`
	ReadMergedCount  uint64 `tuple:"read_merged_count"`
	WriteMergedCount uint64 `tuple:"write_merged_count"`
	BusyTime         uint64 `tuple:"busy_time"`
}

// NetIOCounters is returned by net_io_counters.
type NetIOCounters struct {
	BytesSent   uint64 `tuple:"bytes_sent"`
	BytesRecv   uint64 `tuple:"bytes_recv"`
	PacketsSent uint64 `tuple:"packets_sent"`
	PacketsRecv uint64 `tuple:"packets_recv"`
	Errin       uint64 `tuple:"errin"`
	Errout      uint64 `tuple:"errout"`
	Dropin      uint64 `tuple:"dropin"`
	Dropout     uint64 `tuple:"dropout"`
}

// NetIfAddr is an element of net_if_addrs: one address of a NIC.
type NetIfAddr struct {
	Family    AddressFamily `tuple:"family"`
	Address   string        `tuple:"address"`
	Netmask   *string       `tuple:"netmask"`
	Broadcast *string       `tuple:"broadcast"`
	Ptp       *string       `tuple:"ptp"`
}

// NetIfStats is a value of net_if_stats. Speed is in Mbit/s (0 if unknown),
// MTU in bytes, Flags a comma-separated list such as "up,broadcast,running".
type NetIfStats struct {
	Isup   bool      `tuple:"isup"`
	Duplex NicDuplex `tuple:"duplex"`
	Speed  int       `tuple:"speed"`
	MTU    int       `tuple:"mtu"`
	Flags  string    `tuple:"flags"`
}

// Temperature is an element of sensors_temperatures, in Celsius unless
// Fahrenheit was asked for.
type Temperature struct {
	Label    string   `tuple:"label"`
	Current  float64  `tuple:"current"`
	High     *float64 `tuple:"high"`
	Critical *float64 `tuple:"critical"`
}

// Fan is an element of sensors_fans, in RPM.
type Fan struct {
	Label   string `tuple:"label"`
	Current int    `tuple:"current"`
}

// Battery is returned by sensors_battery. Secsleft is a number of seconds or
// one of [PowerTimeUnlimited] and [PowerTimeUnknown]; PowerPlugged is nil
// when unknown. Percent is a float on every OS, as in psutil 8.
type Battery struct {
	Percent      float64     `tuple:"percent"`
	Secsleft     BatteryTime `tuple:"secsleft"`
	PowerPlugged *bool       `tuple:"power_plugged"`
}

// User is an element of users: a login session.
type User struct {
	Name     string  `tuple:"name"`
	Terminal *string `tuple:"terminal"`
	Host     *string `tuple:"host"`
	Started  float64 `tuple:"started"` // seconds since the epoch
	Pid      int     `tuple:"pid"`
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
