// Network value types: integer interval sets, IPv4 ranges and connection sets.
export * from './interval-set';
export * from './ipv4';
export * from './connection-set';
