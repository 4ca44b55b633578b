/**
 * electron-builder afterPack hook: flips the Electron fuses in the packaged binary before it is
 * signed. The settings live in src/main/shell/fuses.ts (unit-tested); tsx loads that file here so
 * the build cannot drift from the test.
 */
const path = require('node:path');

/** @param {import('app-builder-lib').AfterPackContext} context */
exports.default = async function afterPack(context) {
  const { tsImport } = await import('tsx/esm/api');
  const fuses = await tsImport(path.join(__dirname, '..', 'src', 'main', 'shell', 'fuses.ts'), __filename);
  const { flipFuses } = await import('@electron/fuses');
  const platform = context.electronPlatformName;
  const electronPath = fuses.packagedElectronPath({
    platform,
    appOutDir: context.appOutDir,
    productFilename: context.packager.appInfo.productFilename,
    executableName: context.packager.executableName,
  });
  const config = fuses.fuseConfigFor(platform, fuses.archName(context.arch));
  const flipped = await flipFuses(electronPath, config);
  console.log(`  • fuses flipped in ${path.basename(electronPath)} (${flipped} fuse wire${flipped === 1 ? '' : 's'})`);
};
