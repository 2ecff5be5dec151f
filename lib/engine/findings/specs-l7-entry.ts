// Entry through an L7 proxy: what the ingress controller answers itself (redirect,
// allowlist refusal) and what address the backend sees as the client.

import type { SpecTable } from './spec';
import { anywhere } from './verify-where';
import { joinWords, kubectlRef, nameOf, nsOf } from './spec';

type L7EntryCodes = 'INGRESS_REDIRECT' | 'INGRESS_SOURCE_DENIED' | 'CLIENT_IP_VIA_HEADER';

const STATUS: Readonly<Record<number, string>> = {
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
};

export const l7EntrySpecs: SpecTable<L7EntryCodes> = {
  INGRESS_REDIRECT: {
    severity: 'info',
    title: 'Ingress controller answers with a redirect',
    detail: (p) =>
      `The controller answers ${p.scheme}://${p.host}${p.path} itself with ${p.code} ${STATUS[p.code] ?? 'redirect'} to ${p.location}: ${p.reason}. The request never reaches a backend${p.scheme === 'http' && p.location.startsWith('https://') ? ' over http; clients that follow redirects repeat it over https' : ''}. ${p.code === 307 || p.code === 308 ? `A ${p.code} keeps the method and body.` : `Clients may turn a POST into a GET on a ${p.code}.`}`,
    fix: (p) =>
      p.annotation !== 'ssl-redirect'
        ? `Send the request to ${p.location}, or remove the redirect from the Ingress if it is not wanted:\nkubectl annotate ingress ${kubectlRef(p.ingress)} nginx.ingress.kubernetes.io/${p.annotation}-`
        : `Send the request to ${p.location}. If plain http must reach the backend (an ACME or health check path, TLS ended in front of the controller), turn the redirect off for this Ingress:\nkubectl annotate ingress ${kubectlRef(p.ingress)} nginx.ingress.kubernetes.io/ssl-redirect=false nginx.ingress.kubernetes.io/force-ssl-redirect=false --overwrite`,
    verify: (p) => [
      anywhere(
        `curl -sI ${p.scheme}://${p.host}${p.path} | grep -iE '^(HTTP|location)'`,
        `from the client: ${p.code} and Location: ${p.location}`,
      ),
    ],
  },
  INGRESS_SOURCE_DENIED: {
    severity: 'error',
    title: 'Ingress controller refuses the client address (403)',
    detail: (p) =>
      p.invalid?.length
        ? `${p.source} holds ${joinWords([...p.invalid])}, which is no IP address or CIDR. ingress-nginx rejects the whole annotation and denies the location: every request to it gets 503 Service Unavailable, ${p.client} included, whatever the other ranges say. The controller log names the error ("the annotation does not contain a valid IP address or network").`
        : `${p.source} allows only ${joinWords([...p.ranges])}; nginx checks ${p.remote}${p.remote !== p.client ? `, not the client ${p.client}` : ''} and answers 403 Forbidden (allow … ; deny all). ${p.how}.${p.remote !== p.client ? ' The allowlist therefore judges the node that forwarded the packet, not the client: it admits or refuses every client behind that node alike.' : ''}`,
    fix: (p) =>
      p.invalid?.length
        ? `Write the ranges as comma-separated CIDRs or addresses (no spaces inside an entry, no names):\nkubectl annotate ingress ${kubectlRef(p.ingress)} nginx.ingress.kubernetes.io/allowlist-source-range=${p.ranges.filter((r) => !p.invalid!.includes(r)).join(',') || 'CIDR,...'} --overwrite`
        : p.remote !== p.client && p.service
          ? `Let nginx see the client address before listing it: set externalTrafficPolicy: Local on the controller Service (or enable PROXY protocol on the load balancer and use-proxy-protocol in the controller ConfigMap):\nkubectl patch service ${kubectlRef(p.service)} -p '{"spec":{"externalTrafficPolicy":"Local"}}'`
          : `Add the client's range to the allowlist if it should be admitted (keep the existing ranges):\nkubectl annotate ingress ${kubectlRef(p.ingress)} nginx.ingress.kubernetes.io/allowlist-source-range=${[...p.ranges, `${p.client}/32`].join(',')} --overwrite`,
    verify: (p) => [
      anywhere(`kubectl get ingress ${kubectlRef(p.ingress)} -o jsonpath='{.metadata.annotations}'`),
      anywhere(
        `curl -s -o /dev/null -w '%{http_code}\\n' ${p.url}`,
        `from ${p.client}: 403 until the range admits it`,
      ),
      ...(p.service
        ? [
            anywhere(
              `kubectl -n ${nsOf(p.service)} logs deploy/${nameOf(p.service)} --tail=20 | grep ' 403 '`,
              `the first field is the address nginx checked`,
            ),
          ]
        : []),
    ],
  },
  CLIENT_IP_VIA_HEADER: {
    severity: 'info',
    title: 'Backend sees the proxy, the client only in a header',
    detail: (p) =>
      `${p.proxy} terminates the client's connection and opens its own to the backend, so the backend sees ${p.proxyIP ?? 'the proxy pod'} as the source address. The client reaches it only in ${p.header === 'PROXY protocol' ? 'X-Forwarded-For / X-Real-IP, filled from the PROXY protocol header' : 'X-Forwarded-For / X-Real-IP'}: ${p.xff}. ${p.how}.${p.remote !== p.client ? ` That is not the client ${p.client}: the address was replaced before the proxy saw it.` : ''}`,
    fix: (p) =>
      p.remote !== p.client && p.service
        ? `Keep the client address up to the proxy: externalTrafficPolicy: Local on its Service (or PROXY protocol from the load balancer with use-proxy-protocol: "true"):\nkubectl patch service ${kubectlRef(p.service)} -p '{"spec":{"externalTrafficPolicy":"Local"}}'`
        : "Nothing to fix for routing. Applications that need the client address must read X-Forwarded-For / X-Real-IP and trust it only from the proxy pods' addresses; NetworkPolicies on the backend must admit the proxy pods, not the clients.",
    verify: (p) => [
      anywhere(
        `kubectl logs ${p.service ? `-n ${nsOf(p.service)} ` : ''}deploy/${p.service ? nameOf(p.service) : 'PROXY'} --tail=5`,
        "the proxy's access log shows the address it saw",
      ),
    ],
  },
};
