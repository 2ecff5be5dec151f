// Network value types: integer interval sets, IPv4 and IPv6 ranges, family-generic
// address helpers and connection sets.
export * from './interval-set';
export * from './ipv4';
export * from './ipv6';
export * from './ip';
export * from './connection-set';
