// Which Service carries outside traffic to an ingress controller or a Gateway's proxy.
// The object's status names the address when the controller publishes it; manifests from
// a GitOps repository (or a controller run without --publish-service) carry none, and the
// path is then inferred the way the controller itself is wired: class → controller →
// the controller's pods → the LoadBalancer / NodePort Service that selects them.

import type { KubeObject, LabelSelector, Labels, Pod, Service } from '../../model/types';
import { matchesLabels, selectPods } from '../../model/selectors';
import { containerArgs, objectsOf, str } from '../platform/read';
import type { TraceContext } from './context';
import type { IngressClassInfo } from './derived-index';
import type { GatewayObj, IngressObj } from './l7-objects';

export interface ProxyEntry {
  readonly svc?: Service;
  /** How the Service was found when the object's status named no address (shown on the entry hop). */
  readonly inferred?: string;
  /** The controller's workload (Deployment / DaemonSet), when found: its args name the ConfigMap. */
  readonly workload?: KubeObject;
  /**
   * No Service, but the controller pods run with hostNetwork (the bare-metal DaemonSet
   * layout): clients connect to a node's own address, where nginx itself listens.
   */
  readonly hostNetworkPods?: readonly Pod[];
}

/** Pod labels the controllers' charts put on controller pods, by IngressClass spec.controller. */
const INGRESS_POD_LABELS: Readonly<Record<string, Labels>> = {
  'k8s.io/ingress-nginx': {
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/component': 'controller',
  },
  'traefik.io/ingress-controller': { 'app.kubernetes.io/name': 'traefik' },
  'haproxy.org/ingress-controller/haproxy': { 'app.kubernetes.io/name': 'kubernetes-ingress' },
  'nginx.org/ingress-controller': { 'app.kubernetes.io/name': 'nginx-ingress' },
};

/** Services of known controllers, by the label their charts put on the controller Service. */
const INGRESS_SERVICE_LABEL: Readonly<Record<string, string>> = {
  'k8s.io/ingress-nginx': 'app.kubernetes.io/name=ingress-nginx',
  'traefik.io/ingress-controller': 'app.kubernetes.io/name=traefik',
  'haproxy.org/ingress-controller/haproxy': 'app.kubernetes.io/name=kubernetes-ingress',
  'ingress-controllers.nginx.org/nginx': 'app.kubernetes.io/name=nginx-ingress',
};

/** Value of `--flag=value` or `--flag value` among container args. */
export function argValue(args: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
    if (a === flag) return args[i + 1];
  }
  return undefined;
}

const WORKLOAD_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'];

/**
 * The ingress-nginx workload serving `controller` / `className`: its args
 * `--controller-class` (default k8s.io/ingress-nginx) and `--ingress-class` (default nginx)
 * decide which IngressClass it claims (ingress-nginx cmd/nginx/flags.go).
 */
function ingressNginxWorkload(
  ctx: TraceContext,
  controller: string | undefined,
  className: string | undefined,
): KubeObject | undefined {
  for (const kind of WORKLOAD_KINDS) {
    for (const w of objectsOf(ctx.model, kind)) {
      const args = containerArgs(w);
      const image = JSON.stringify((w['spec'] as { template?: unknown } | undefined)?.template ?? '');
      if (
        !args.some((a) => a.includes('nginx-ingress-controller')) &&
        !image.includes('ingress-nginx/controller')
      )
        continue;
      const cc = argValue(args, '--controller-class') ?? 'k8s.io/ingress-nginx';
      const ic = argValue(args, '--ingress-class') ?? 'nginx';
      if (controller ? cc === controller : ic === className) return w;
    }
  }
  return undefined;
}

/** Live pods first: a pod synthesized from the template stands in only when none is in the snapshot. */
function preferLive(pods: readonly Pod[]): readonly Pod[] {
  const live = pods.filter((p) => !p.synthesized);
  return live.length ? live : pods;
}

function workloadPods(ctx: TraceContext, w: KubeObject): readonly Pod[] {
  const sel = (w['spec'] as { selector?: LabelSelector } | undefined)?.selector;
  return sel ? preferLive(selectPods(ctx.model, w.metadata.namespace ?? 'default', sel)) : [];
}

/** LoadBalancer (else NodePort) Services whose selector picks one of `pods`. */
function servicesSelecting(ctx: TraceContext, pods: readonly Pod[]): Service | undefined {
  const found: Service[] = [];
  for (const svc of ctx.model.services.values()) {
    if (!svc.selector || Object.keys(svc.selector).length === 0) continue;
    if (svc.type !== 'LoadBalancer' && svc.type !== 'NodePort') continue;
    if (pods.some((p) => p.namespace === svc.namespace && matchesLabels(svc.selector!, p.labels)))
      found.push(svc);
  }
  found.sort((a, b) => a.key.localeCompare(b.key));
  return found.find((s) => s.type === 'LoadBalancer') ?? found[0];
}

function podsText(pods: readonly Pod[]): string {
  const shown = pods.slice(0, 3).map((p) => p.key);
  return `${shown.join(', ')}${pods.length > 3 ? ` and ${pods.length - 3} more` : ''}`;
}

/** The Service in front of the controller of `ing` (class `cls`). */
export function ingressEntry(
  ctx: TraceContext,
  ing: IngressObj,
  cls: IngressClassInfo | undefined,
  className: string | undefined,
): ProxyEntry {
  for (const ip of ing.lbIPs) {
    // An address, or a cloud load balancer's hostname published on the Service as well.
    const svc =
      ctx.model.index.serviceByIP.get(ip) ??
      [...ctx.model.services.values()].find((x) => x.loadBalancerIngress.some((i) => i.hostname === ip));
    if (svc) return { svc, workload: controllerWorkloadFor(ctx, svc, cls, className) };
  }
  const controller = cls?.controller;
  const status = ing.lbIPs.length
    ? `status.loadBalancer names ${ing.lbIPs.join(', ')}, which no Service carries`
    : 'the Ingress has no status.loadBalancer';
  const via = cls
    ? `class "${cls.name}" → controller ${cls.controller}`
    : className
      ? `class "${className}" (no IngressClass object)`
      : 'no class';
  if (controller === 'k8s.io/ingress-nginx' || (!cls && className)) {
    const w = ingressNginxWorkload(ctx, controller, className);
    if (w) {
      const pods = workloadPods(ctx, w);
      const svc = servicesSelecting(ctx, pods);
      const args = containerArgs(w);
      const claim = `${w.kind} ${w.metadata.namespace}/${w.metadata.name} (--controller-class=${argValue(args, '--controller-class') ?? 'k8s.io/ingress-nginx'}, --ingress-class=${argValue(args, '--ingress-class') ?? 'nginx'})`;
      if (svc)
        return {
          svc,
          workload: w,
          inferred: `${status}; ${via} → ${claim} → pods ${podsText(pods)} → ${svc.type} Service ${svc.key}, which selects them`,
        };
      const onHost = pods.filter((p) => p.hostNetwork);
      if (onHost.length)
        return {
          workload: w,
          hostNetworkPods: onHost,
          inferred: `${status}; ${via} → ${claim} → pods ${podsText(onHost)} with hostNetwork: true, listening on their nodes' own addresses (no Service in front)`,
        };
      if (pods.length)
        return {
          workload: w,
          inferred: `${status}; ${via} → ${claim} → pods ${podsText(pods)}, but no LoadBalancer or NodePort Service selects them`,
        };
    }
  }
  const labels = controller ? INGRESS_POD_LABELS[controller] : undefined;
  if (labels) {
    const pods = preferLive(selectPods(ctx.model, undefined, { matchLabels: { ...labels } }));
    const svc = servicesSelecting(ctx, pods);
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (svc)
      return {
        svc,
        inferred: `${status}; ${via} → pods labelled ${text} (${podsText(pods)}) → ${svc.type} Service ${svc.key}, which selects them`,
      };
  }
  const label = controller ? INGRESS_SERVICE_LABEL[controller] : undefined;
  const list = label ? (ctx.derived.servicesByLabel.get(label) ?? []) : [];
  const svc =
    list.find((s) => s.type === 'LoadBalancer') ?? list.find((s) => s.type === 'NodePort') ?? list[0];
  if (svc)
    return {
      svc,
      inferred: `${status}; ${via} → Service ${svc.key} labelled ${label} (the controller chart's Service)`,
    };
  return {};
}

function controllerWorkloadFor(
  ctx: TraceContext,
  svc: Service,
  cls: IngressClassInfo | undefined,
  className: string | undefined,
): KubeObject | undefined {
  if (cls && cls.controller !== 'k8s.io/ingress-nginx') return undefined;
  const w = ingressNginxWorkload(ctx, cls?.controller, className);
  return w && w.metadata.namespace === svc.namespace ? w : undefined;
}

/**
 * The Service the implementation creates for `gw`, by its naming:
 * Envoy Gateway labels it gateway.envoyproxy.io/owning-gateway-name / -namespace (in its
 * own namespace); Istio and NGINX Gateway Fabric name it `<gateway>-<gatewayClass>` with
 * label gateway.networking.k8s.io/gateway-name in the Gateway's namespace; Cilium names it
 * `cilium-gateway-<gateway>` with label io.cilium.gateway/owning-gateway.
 */
export function gatewayEntry(ctx: TraceContext, gw: GatewayObj, controller: string | undefined): ProxyEntry {
  for (const ip of gw.addresses) {
    const svc = ctx.model.index.serviceByIP.get(ip);
    if (svc) return { svc };
  }
  const status = gw.addresses.length
    ? `status.addresses names ${gw.addresses.join(', ')}, which no Service carries`
    : 'the Gateway has no status.addresses';
  const via = `GatewayClass "${gw.className}" → controller ${controller ?? '(unknown)'}`;
  const byLabel = (label: string, sameNs: boolean, extra?: (s: Service) => boolean) =>
    (ctx.derived.servicesByLabel.get(`${label}=${gw.name}`) ?? []).filter(
      (s) => (!sameNs || s.namespace === gw.namespace) && (!extra || extra(s)),
    );
  const candidates: Array<{ list: Service[]; why: string }> = [
    {
      list: byLabel(
        'gateway.envoyproxy.io/owning-gateway-name',
        false,
        (s) => s.labels['gateway.envoyproxy.io/owning-gateway-namespace'] === gw.namespace,
      ),
      why: 'labelled gateway.envoyproxy.io/owning-gateway-name/-namespace (Envoy Gateway)',
    },
    {
      list: byLabel('gateway.networking.k8s.io/gateway-name', true),
      why: 'labelled gateway.networking.k8s.io/gateway-name (Istio, NGINX Gateway Fabric)',
    },
    { list: byLabel('istio.io/gateway-name', true), why: 'labelled istio.io/gateway-name (Istio)' },
    {
      list: byLabel('io.cilium.gateway/owning-gateway', true),
      why: 'labelled io.cilium.gateway/owning-gateway (Cilium)',
    },
  ];
  for (const name of [`${gw.name}-${gw.className}`, `cilium-gateway-${gw.name}`]) {
    const svc = ctx.model.services.get(`${gw.namespace}/${name}`);
    if (svc)
      candidates.push({
        list: [svc],
        why: `named ${name} (${name.startsWith('cilium-') ? 'Cilium' : 'Istio / NGINX Gateway Fabric'} naming)`,
      });
  }
  for (const c of candidates) {
    const sorted = [...c.list].sort((a, b) => a.key.localeCompare(b.key));
    const svc =
      sorted.find((s) => s.type === 'LoadBalancer') ?? sorted.find((s) => s.type === 'NodePort') ?? sorted[0];
    if (svc) return { svc, inferred: `${status}; ${via} → ${svc.type} Service ${svc.key}, ${c.why}` };
  }
  return {};
}

/** `--configmap=NS/NAME` of the controller workload ($(POD_NAMESPACE) expanded), else the chart's name. */
export function controllerConfigMap(
  ctx: TraceContext,
  workload: KubeObject | undefined,
  namespace: string | undefined,
): KubeObject | undefined {
  const ns = workload?.metadata.namespace ?? namespace;
  const ref = workload
    ? argValue(containerArgs(workload), '--configmap')?.replace('$(POD_NAMESPACE)', ns ?? '')
    : undefined;
  const [cmNs, cmName] = ref?.includes('/')
    ? (ref.split('/') as [string, string])
    : [ns, ref ?? 'ingress-nginx-controller'];
  return objectsOf(ctx.model, 'ConfigMap').find(
    (c) => c.metadata.name === cmName && (c.metadata.namespace ?? 'default') === cmNs,
  );
}

export function configValue(cm: KubeObject | undefined, key: string): string | undefined {
  return cm ? str(cm, `data.${key}`) : undefined;
}

/** True when `svc` carries outside traffic to the controller of a host-less Ingress rule (the URL names an address, not a host). */
export function servesHostlessIngress(ctx: TraceContext, svc: Service): boolean {
  return (ctx.derived.ingressesByHost.get('*') ?? []).some((ing) => {
    const className = ing.className ?? ing.legacyClass ?? ctx.derived.defaultIngressClass?.name;
    const cls = className ? ctx.derived.ingressClasses.get(className) : undefined;
    return ingressEntry(ctx, ing, cls, className).svc === svc;
  });
}
