import { catalogDtype } from '../../core/catalog';
import type { DevicePreference } from '../../core/device';
import type { ModelCheck } from '../../core/protocol';
import type { ModelChoice } from '../../core/settings';
import { SIDE_FILES, encoderFiles, modelFileUrl } from '../../core/source';
import { openModelCache } from './checked-cache';
import { chooseDevice } from './device-probe';

/**
 * Which models this browser can load without downloading anything: all the files the load would ask
 * for, at the dtype it would pick on this device, are in Cache Storage. Reads only the cache, so a
 * person is never charged a download before choosing one.
 */
export async function checkModels(
  models: readonly ModelChoice[],
  devicePreference: DevicePreference,
): Promise<ModelCheck> {
  const device = await chooseDevice(devicePreference);
  const cache = await openModelCache();
  const availability = await Promise.all(
    models.map(async ({ model, source }) => {
      const dtype = catalogDtype(model, device);
      const files = [...SIDE_FILES, ...encoderFiles(dtype)];
      const found = cache ? await Promise.all(files.map((file) => cache.match(modelFileUrl(source, model, file)))) : [];
      return { model, dtype, cached: found.length > 0 && found.every(Boolean) };
    }),
  );
  return { device, models: availability };
}
