package dev.cr.engine.registry;

import java.time.Duration;

/**
 * What a push did.
 *
 * @param reference   the tag pushed, with the manifest's digest (pull by it to get exactly this checkpoint)
 * @param layers      layers the image has
 * @param layersSent  layers that were uploaded; the others the registry already had
 * @param bytesSent   bytes uploaded (compressed), manifest and configuration included
 * @param bytesReused bytes of the layers the registry already had
 * @param elapsed     wall time of the whole push
 * @param layersBuilt layers that were made (read and compressed) from their directory; the others were known from
 *                    an earlier push and the registry had them
 */
public record PushResult(Reference reference, int layers, int layersSent, long bytesSent, long bytesReused, Duration elapsed,
                         int layersBuilt) {}
