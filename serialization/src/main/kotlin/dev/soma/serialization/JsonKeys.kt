package dev.soma.serialization

/**
 * Every key of Soma's file formats, in one place: what the safetensors header holds, what Soma writes into its
 * `__metadata__`, the layout of a layer config and of a checkpoint's optimizer, scheduler and generator states, and
 * the tags of the value encoding (see [JsonValues]). Readers and writers use these names only.
 */
object JsonKeys {
    // The safetensors header.
    const val METADATA = "__metadata__"
    const val DTYPE = "dtype"
    const val SHAPE = "shape"
    const val DATA_OFFSETS = "data_offsets"

    // Metadata of every Soma file.
    /** The format stamp, `{"format": "soma-model", "version": 1}` (see [FormatVersion]). */
    const val FORMAT = "soma.format"
    /** Inside the format stamp: the format's name (`soma-model`, `soma-checkpoint`). */
    const val FORMAT_NAME = "format"
    /** Inside the format stamp: the format's version. */
    const val FORMAT_VERSION = "version"
    /** The layer-config tree of the model (see [ConfigJson]). */
    const val ARCHITECTURE = "soma.architecture"

    // A layer config: {"type": "Linear", "fields": {...}}.
    const val CONFIG_TYPE = "type"
    const val CONFIG_FIELDS = "fields"

    // Metadata of a checkpoint.
    const val EPOCH = "epoch"
    const val STEP = "step"
    const val OPTIMIZER = "optimizer"
    const val SCHEDULER = "scheduler"
    const val RNG = "rng"
    const val HISTORY = "history"

    /** Name prefix of a checkpoint's model weights (`model.0.weight`). */
    const val MODEL_TENSORS = "model."
    /** Name prefix of a checkpoint's optimizer buffers (`optimizer.<param index>.<buffer>`). */
    const val OPTIMIZER_TENSORS = "optimizer."

    // Inside the optimizer and scheduler JSON of a checkpoint.
    /** The optimizer's or scheduler's class name. */
    const val TYPE = "type"
    const val PARAM_GROUPS = "param_groups"
    const val STATE = "state"
    /** A parameter group's parameter indices. */
    const val PARAMS = "params"
    /** The default generator's entry in the `rng` object; named generators use their own names. */
    const val DEFAULT_GENERATOR = "default"

    // Tags of the value encoding: a one-key object holding what plain JSON cannot say.
    /** An int64 as a decimal string: `{"long": "9007199254740993"}`. */
    const val TAG_LONG = "long"
    /** A non-finite double as a string: `{"double": "NaN"}`, `"Infinity"`, `"-Infinity"`. */
    const val TAG_DOUBLE = "double"
    /** An empty int[] (`{"ints": []}`); also how checkpoints before this codec wrote every int[]. */
    const val TAG_INTS = "ints"
    /** A long[] as decimal strings: `{"longs": ["1", "-2"]}`. */
    const val TAG_LONGS = "longs"
    /** An empty double[]: `{"doubles": []}`. */
    const val TAG_DOUBLES = "doubles"

    /** Every tag; a one-key object with one of these keys is a tagged value, never a map or a config. */
    val TAGS = setOf(TAG_LONG, TAG_DOUBLE, TAG_INTS, TAG_LONGS, TAG_DOUBLES)
}
