// Cases of the NCA Calico suite that are run but do not give NCA's number, each with the
// reason. The test asserts they still differ, so an entry must go when it is fixed.
// Set NCA_TRACE=1 to collect what each single-config query counted (queries.ts `trace`).

/** The engine (or this harness) does not evaluate a construct the case depends on. */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {};

const PROFILE_RULES =
  "Calico applies a Profile's rules to the endpoints it is attached to (docs.tigera.io/calico/latest/reference/resources/profile; " +
  'felix/rules/endpoints.go "Drop if no profiles matched"); NCA reads profiles only for labelsToApply ' +
  '(nca/NetworkConfig/PoliciesFinder.py: "not supporting profiles with rules") and lets every profile allow all';

/** We believe NCA's number is not what Calico does; the reason cites the source. */
export const DISAGREEMENTS: Readonly<Record<string, string>> = {
  'testcase15-ports/testcase15-scheme.yaml#1 non_vacous_policies':
    'testcase15-equiv-games1.yaml holds kube-system policies without `order`: Calico evaluates policies of equal order by name ' +
    '(docs.tigera.io/calico/latest/reference/resources/networkpolicy "order"), so testcase15-enable-all-connections, which ' +
    'allows everything both ways, comes first and equiv-games1 allows what no policy allows: vacuous. NCA keeps file order ' +
    '(as in testcase18#0), where testcase15-messy-enable-TCP-101-104 denies UDP 10-300 first',
  'testcase24-selector-expression/testcase24-scheme.yaml#2 nonEquiv':
    "testcase24-b and testcase24-c select the same endpoints under Calico's selector scopes " +
    '(docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors, "all() and global()": in a namespaceSelector ' +
    'all() is every namespaced endpoint and global() every non-namespaced one): ingress `all() && !global()` = `all()`, ' +
    '`!all() || X` = X; egress `global() || all()` = `!( global() && all() )` = everything; and the only k8s-app value ' +
    'ending in "apster" in hep_and_wep.json is "heapster". NCA reports them not equivalent',
  'testcase18-pass/testcase18-scheme.yaml#0 connectivity_map':
    'np-pod-based-policies has several kube-system policies without `order`: Calico evaluates policies of equal order by name ' +
    '(docs.tigera.io/calico/latest/reference/resources/networkpolicy "order"; the tier plan sorts by order, then name), so ' +
    'testcase18-equivTo-... comes first and its Deny for has(k8s-app) sources decides; NCA keeps them in file order ' +
    '(NetworkPolicy.__lt__ treats two missing orders as equal and insort keeps insertion order), where a Pass comes first ' +
    "(the scheme's own comment says the result is non-deterministic for policies without order)",
  'testcase19-profiles/testcase19-scheme.yaml#34 connectivity_map_with_labels_to_apply': `${PROFILE_RULES}; here kns.acc-research and kns.operia-benchmark allow egress only to cnc-fe, so the engine denies their other egress`,
  'calico-demo/sanity3-scheme.yaml#0 sanity_redundancy':
    "demo-sanity3-redundancy.yaml has namespaceSelector `unique-label == 'cnc-ntsginNameSpace''` (a stray quote): Calico's " +
    'selector parser rejects it (projectcalico/calico libcalico-go/lib/selector/parser), so calicoctl would not store the ' +
    'policy; ingest reports the error with file, document and field, NCA reads the selector anyway',
  'testcase19-profiles/testcase19-scheme.yaml#19 sanity_np11-global-enable-with-label-to-apply':
    `${PROFILE_RULES}; testcase19-11-0-profiles-with-apply-all-cnc-kt.yaml defines kns.cnc-fe and other profiles with no rules, ` +
    'so the engine drops what reaches them and default-deny comes out redundant',
  'testcase22-forbids-permits/testcase22-scheme.yaml#2 cnc-evaluation-service-no-mistake-no-ns-cnc-kt-cnc-nlp-no-outside':
    'testcase22-0-global-to-from-outside allows nets 0.0.0.0/0: Calico matches nets against every endpoint address, workload ' +
    'endpoints included (docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule "nets: match packets with IP ' +
    'in any of the listed CIDRs"), so pod-to-pod traffic of cnc-evaluation-service is allowed by it too; NCA matches nets only ' +
    'against addresses outside the pods (nca/Parsers/CalicoPolicyYamlParser.py _get_rule_peers)',
};
