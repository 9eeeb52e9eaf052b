// The entry Pulumi loads. `pulumi preview --policy-pack <this dir>` runs
// `node @pulumi/pulumi/cmd/run-policy-pack <engine-address> .` here, which registers its vendored
// ts-node (for CommonJS `require` of .ts only) and then `require`s package.json's `main`. The
// library is ES-module TypeScript importing `.ts` specifiers, which that ts-node cannot load, so
// this plain CommonJS file registers tsx (as src/cli/sweep.js does) and imports the real entry.
// The exported promise is awaited by run-policy-pack, so a load error fails the pack visibly.
// Dependencies resolve from the repository's node_modules: run `npm ci` at the repository root.
// (tsx 4.23's CommonJS `register` resolves its loader from the wrong folder: use the ES one.)
module.exports = import('tsx/esm/api').then(({ register }) => {
  register();
  return import('./index.ts');
});
