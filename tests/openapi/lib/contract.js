'use strict';
// Checks HTTP exchanges against the OpenAPI document with Ajv (JSON Schema 2020-12, the
// dialect of OpenAPI 3.1 schemas) and ajv-formats. This file only finds the operation
// and the schema to apply; the validation itself is Ajv's.
//
//   const c = new Contract(doc);
//   c.problems({method, path, status, contentType, body, requestBody}) -> [strings]
//   c.uncovered() -> operations never called with a 2xx answer
//
// Responses are checked "closed": an object schema that lists properties and says
// nothing of others gets additionalProperties: false in the copy used here, so a field
// the server sends but the document does not describe fails the test. The published
// document stays open, so that clients tolerate fields added later.

const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const METHODS = ['get', 'post', 'patch', 'put', 'delete', 'options', 'head'];

function closed(node) {
  if (Array.isArray(node)) return node.map(closed);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' ? mapValues(v, closed) : closed(v);
  if (out.properties && typeof out.properties === 'object' && !('additionalProperties' in out) &&
      !('unevaluatedProperties' in out)) out.additionalProperties = false;
  return out;
}

function mapValues(obj, f) {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, f(v)]));
}

// A JSON pointer token.
const token = (s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1');

class Contract {
  constructor(doc) {
    this.doc = doc;
    this.ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(this.ajv);
    this.ajv.addSchema(closed(doc), 'closed.json');
    this.ajv.addSchema(doc, 'open.json');
    this.operations = [];
    for (const [template, item] of Object.entries(doc.paths)) {
      const segments = template.split('/');
      for (const method of METHODS) {
        if (!item[method]) continue;
        // x-rest-of-path names a last {param} that takes the rest of the path: zero or
        // more segments (OpenAPI has no such parameter; /reports/… needs one).
        this.operations.push({ method: method.toUpperCase(), template, segments, op: item[method], rest: !!item['x-rest-of-path'] });
      }
    }
    this.calls = new Map(); // "METHOD template" -> Set of statuses seen
  }

  // The operation a concrete request path names: among the templates that match it, the
  // one with the most literal segments (/api/tests/batch before /api/tests/{id}).
  find(method, path) {
    const parts = path.split('?')[0].split('/');
    let best = null;
    let bestLiterals = -1;
    for (const o of this.operations) {
      const fits = o.rest ? parts.length >= o.segments.length : parts.length === o.segments.length;
      if (o.method !== method || !fits) continue;
      let literals = 0;
      const ok = o.segments.every((s, i) => {
        if (o.rest && i === o.segments.length - 1) return true;
        if (/^\{[^}]+\}$/.test(s)) return parts[i] !== '';
        literals++;
        return s === parts[i];
      });
      if (ok && literals > bestLiterals) {
        best = o;
        bestLiterals = literals;
      }
    }
    return best;
  }

  // Follows a $ref of the document (a response or a parameter); returns [pointer, object].
  resolve(pointer, obj) {
    while (obj && obj.$ref) {
      pointer = obj.$ref;
      obj = pointer.slice(2).split('/').reduce((n, t) => n[t.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc);
    }
    return [pointer, obj];
  }

  validator(root, pointer) {
    const id = `${root}${pointer}`;
    const v = this.ajv.getSchema(id);
    if (!v) throw new Error(`no schema at ${id}`);
    return v;
  }

  static errorsOf(v) {
    return (v.errors || []).map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params && e.params.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}`);
  }

  problems({ method, path, status, contentType, body, requestBody }) {
    const o = this.find(method, path);
    if (!o) return [`${method} ${path}: no operation in the document`];
    const key = `${o.method} ${o.template}`;
    if (!this.calls.has(key)) this.calls.set(key, new Set());
    this.calls.get(key).add(status);
    const out = [];
    const base = `#/paths/${token(o.template)}/${o.method.toLowerCase()}`;

    if (requestBody !== undefined && o.op.requestBody) {
      const v = this.validator('open.json', `${base}/requestBody/content/application~1json/schema`);
      if (!v(requestBody)) out.push(`request body does not match the document: ${Contract.errorsOf(v).join('; ')}`);
    }

    let name = String(status);
    if (!o.op.responses[name]) {
      if (status >= 200 && status < 300) return [...out, `${key}: status ${status} is not documented`];
      if (!o.op.responses.default) return [...out, `${key}: status ${status} is not documented and there is no default`];
      name = 'default';
    }
    const [pointer, response] = this.resolve(`${base}/responses/${name}`, o.op.responses[name]);
    const content = response.content || {};
    const types = Object.keys(content);
    if (types.length === 0) {
      if (body !== undefined && body !== '') out.push(`${key} ${status}: documented without a body, but one came`);
      return out;
    }
    const mediaType = (contentType || '').split(';')[0].trim();
    // A documented range ("*/*", "image/*") admits any type it covers.
    const covers = (t) => t === mediaType || t === '*/*' || (t.endsWith('/*') && mediaType.startsWith(t.slice(0, -1)));
    if (!mediaType || !types.some(covers)) {
      return [...out, `${key} ${status}: Content-Type '${contentType}' is not one of ${types.join(', ')}`];
    }
    if (mediaType === 'application/json') {
      // Contract §4: every JSON answer names its charset.
      if (contentType !== 'application/json; charset=utf-8') out.push(`${key} ${status}: Content-Type '${contentType}'`);
      const v = this.validator('closed.json', `${pointer}/content/application~1json/schema`);
      if (!v(body)) out.push(`${key} ${status}: ${Contract.errorsOf(v).join('; ')}`);
    }
    return out;
  }

  // Operations never answered with a 2xx (or, for the few in `errorOnly`, never called).
  uncovered(errorOnly = new Set()) {
    return this.operations
      .map((o) => `${o.method} ${o.template}`)
      .filter((key) => {
        const seen = this.calls.get(key);
        if (!seen) return true;
        if (errorOnly.has(key)) return false;
        return ![...seen].some((s) => s >= 200 && s < 300);
      });
  }
}

module.exports = { Contract };
