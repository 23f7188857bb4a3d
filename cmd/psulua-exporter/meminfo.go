package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// meminfo: node_exporter's node_memory_<field>_bytes gauges for the
// /proc/meminfo fields psutil's virtual_memory and swap_memory report.
// psutil's cached is Cached + SReclaimable (as free(1) counts it), so
// node_memory_Cached_bytes here is node_exporter's Cached plus
// SReclaimable; docs/exporter.md lists the fields psutil does not read.
var (
	memTotalDesc     = meminfoDesc("MemTotal")
	memFreeDesc      = meminfoDesc("MemFree")
	memAvailableDesc = meminfoDesc("MemAvailable")
	memBuffersDesc   = meminfoDesc("Buffers")
	memCachedDesc    = meminfoDesc("Cached")
	memActiveDesc    = meminfoDesc("Active")
	memInactiveDesc  = meminfoDesc("Inactive")
	memShmemDesc     = meminfoDesc("Shmem")
	memSlabDesc      = meminfoDesc("Slab")
	memSwapTotalDesc = meminfoDesc("SwapTotal")
	memSwapFreeDesc  = meminfoDesc("SwapFree")
)

func meminfoDesc(field string) *prometheus.Desc {
	return newDesc("node_memory_"+field+"_bytes", "Memory information field "+field+"_bytes.")
}

type meminfoCollector struct{ sys *platform.System }

func newMeminfoCollector(_ *config, sys *platform.System) collector { return meminfoCollector{sys} }

func (c meminfoCollector) update(ch chan<- prometheus.Metric) error {
	vm, err := c.sys.VirtualMemory()
	if err != nil {
		return err
	}
	sm, err := c.sys.SwapMemory()
	if err != nil {
		return err
	}
	for _, f := range [...]struct {
		desc *prometheus.Desc
		v    uint64
	}{
		{memTotalDesc, vm.Total}, {memFreeDesc, vm.Free}, {memAvailableDesc, vm.Available},
		{memBuffersDesc, vm.Buffers}, {memCachedDesc, vm.Cached}, {memActiveDesc, vm.Active},
		{memInactiveDesc, vm.Inactive}, {memShmemDesc, vm.Shared}, {memSlabDesc, vm.Slab},
		{memSwapTotalDesc, sm.Total}, {memSwapFreeDesc, sm.Free},
	} {
		constMetric(ch, f.desc, prometheus.GaugeValue, float64(f.v))
	}
	return nil
}
