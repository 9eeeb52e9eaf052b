// ESM resolve hook for offline program runs (registered by runner.ts with module.register).
// A bare specifier the program cannot resolve from its own folder (`@pulumi/aws` in a checkout
// without node_modules) is resolved again from sweep's own tree, so programs run without an
// `npm install` and without sweep writing anything into the program folder. CommonJS programs get
// the same fallback through NODE_PATH (set by capture.ts), which require() honours and import does
// not. Plain .mjs because hook modules load on the loader thread, before tsx could compile them.
let fallbackParentURL;

export function initialize(data) {
  fallbackParentURL = data.fallbackParentURL;
}

function isBare(specifier) {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(specifier);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!fallbackParentURL || !isBare(specifier) || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return nextResolve(specifier, { ...context, parentURL: fallbackParentURL });
  }
}
