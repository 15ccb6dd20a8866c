// Node 20 lacks the ES2025 Set methods that gitlab-ci-local 4.75 (npm) calls; this machine's
// Node is 20 (nodesource). Loaded with `node --import` by recipes_test.py only.
const def = (name, fn) => { if (!Set.prototype[name]) Object.defineProperty(Set.prototype, name, { value: fn, writable: true, configurable: true }); };
const keys = (o) => (o instanceof Set ? [...o] : [...o.keys()]);
def("union", function (o) { return new Set([...this, ...keys(o)]); });
def("intersection", function (o) { const k = new Set(keys(o)); return new Set([...this].filter((x) => k.has(x))); });
def("difference", function (o) { const k = new Set(keys(o)); return new Set([...this].filter((x) => !k.has(x))); });
def("symmetricDifference", function (o) { const k = new Set(keys(o)); return new Set([...[...this].filter((x) => !k.has(x)), ...[...k].filter((x) => !this.has(x))]); });
def("isSubsetOf", function (o) { const k = new Set(keys(o)); return [...this].every((x) => k.has(x)); });
def("isSupersetOf", function (o) { return keys(o).every((x) => this.has(x)); });
def("isDisjointFrom", function (o) { return keys(o).every((x) => !this.has(x)); });
