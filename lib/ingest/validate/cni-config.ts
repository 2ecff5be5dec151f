// The CNI settings packetpath reads from ConfigMaps (cilium-config, kube-flannel-cfg).
// A value the CNI itself would reject is reported as an ASSUMPTION warning naming the key,
// and the detector falls back to the CNI's default, so the snapshot still loads.

import { at, type Issues, type Json } from './check';

const ENUMS: Readonly<Record<string, readonly string[]>> = {
  'routing-mode': ['tunnel', 'native'],
  'tunnel-protocol': ['vxlan', 'geneve'],
  'bpf-lb-mode': ['snat', 'dsr', 'hybrid'],
  'bpf-lb-dsr-dispatch': ['opt', 'ipip', 'geneve'],
};

function warn(iss: Issues, field: string, reason: string): void {
  iss.push({ code: 'INVALID_FIELD', field, reason, warning: true });
}

function checkCiliumConfig(iss: Issues, data: Json): void {
  const mtu = data['mtu'];
  if (typeof mtu === 'string' && mtu.trim() !== '') {
    const n = /^\d+$/.test(mtu.trim()) ? Number(mtu) : NaN;
    if (!(n === 0 || (n >= 68 && n <= 65535)))
      warn(
        iss,
        at('data', 'mtu'),
        `"${mtu}" is not an MTU (0 or 68-65535); Cilium's auto-detected device MTU is assumed`,
      );
  }
  for (const [key, allowed] of Object.entries(ENUMS)) {
    const v = data[key];
    if (typeof v === 'string' && !allowed.includes(v))
      warn(iss, at('data', key), `"${v}" is not one of ${allowed.join(', ')}; Cilium's default is assumed`);
  }
}

function checkFlannelNetConf(iss: Issues, data: Json): void {
  const text = data['net-conf.json'];
  if (typeof text !== 'string') return;
  const field = at('data', 'net-conf.json');
  let conf: unknown;
  try {
    conf = JSON.parse(text);
  } catch (e) {
    warn(
      iss,
      field,
      `not valid JSON (${e instanceof Error ? e.message : String(e)}); flannel's defaults (vxlan, MTU from the interface) are assumed`,
    );
    return;
  }
  const backend = conf && typeof conf === 'object' ? (conf as Json)['Backend'] : undefined;
  if (!backend || typeof backend !== 'object') return;
  const b = backend as Json;
  if (
    b['MTU'] !== undefined &&
    !(typeof b['MTU'] === 'number' && Number.isInteger(b['MTU']) && b['MTU'] >= 68 && b['MTU'] <= 65535)
  ) {
    warn(
      iss,
      `${field} Backend.MTU`,
      `${JSON.stringify(b['MTU'])} is not an MTU (an integer 68-65535); the interface MTU is assumed`,
    );
  }
  if (b['DirectRouting'] !== undefined && typeof b['DirectRouting'] !== 'boolean') {
    warn(
      iss,
      `${field} Backend.DirectRouting`,
      `${JSON.stringify(b['DirectRouting'])} is not true or false; false is assumed`,
    );
  }
}

/** Checks the data of a CNI ConfigMap by its name; other ConfigMaps are left alone. */
export function checkCniConfigMap(iss: Issues, name: unknown, data: Json | undefined): void {
  if (!data) return;
  if (name === 'cilium-config') checkCiliumConfig(iss, data);
  else if (name === 'kube-flannel-cfg') checkFlannelNetConf(iss, data);
}
