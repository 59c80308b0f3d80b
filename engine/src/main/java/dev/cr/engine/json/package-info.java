/**
 * JSON text, written and read in one place: the crit-compatible image codec (Python's {@code json.dump} layout),
 * the OCI distribution protocol (compact, so that a manifest's bytes and digest are the same every time) and the
 * command line's {@code --json} output (indented for people and {@code jq}) are three layouts of one
 * {@link dev.cr.engine.json.JsonWriter}; every document is read by {@link dev.cr.engine.json.JsonReader}.
 *
 * <p>Values are {@code Map<String,Object>} (written in its iteration order), {@code List}/{@code Collection},
 * {@code String}, {@code Number}, {@code Boolean} and {@code null}.
 */
package dev.cr.engine.json;
