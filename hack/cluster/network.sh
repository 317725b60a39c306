# The test cluster's addresses; sourced by cluster-up, cluster-down and the node scripts.
# The real node lives in its own network namespace joined to this machine by a veth pair, so what
# it changes (its bridge, kube-proxy's and CNI's iptables rules, per-namespace sysctls) goes away
# with the namespace, and the API server listens on the host end, an address pods can reach.
NODE_NETNS=neuralforge-node
NODE_NAME=real-0
HOST_VETH=nf-host0
NODE_VETH=nf-node0
HOST_IP=10.250.0.1   # the API server (and anything tests serve to pods) listens here
NODE_IP=10.250.0.2   # the kubelet
NET_PREFIX=30
POD_CIDR=10.245.0.0/24
SERVICE_CIDR=10.0.0.0/24
SERVICE_IP=10.0.0.1  # the `kubernetes` Service
