package platform

// linkSep separates the bytes of a MAC address in net_if_addrs: Windows
// writes them with dashes, as psutil reports them there.
const linkSep = "-"
