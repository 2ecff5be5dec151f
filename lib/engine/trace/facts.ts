// Hop fact names that several legs write and the hop panel looks for.

/** On every endpoint (and outside-destination) hop: the source address the receiver sees, after every NAT. */
export const SEEN_SOURCE_FACT = 'source address the backend sees';

/** On policy hops whose policies hold an ipBlock: whether ipBlocks match pod addresses, and why. */
export const IPBLOCK_FACT = 'ipBlock matches pod IPs';

/** On hops that rest on an address the snapshot does not hold. */
export const ASSUMED_FACT = 'assumed';

/** On the hops of a host-network pod: `network` = HOST_NETWORK (no veth; the node's address and MTU). */
export const NETWORK_FACT = 'network';
export const HOST_NETWORK = 'host (spec.hostNetwork: true)';
