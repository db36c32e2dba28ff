package dev.soma.serialization

import java.io.IOException
import java.nio.file.Path

/** A model, weights or checkpoint file Soma refuses to read; the message names the file and the problem. */
class ModelFormatException(val file: Path?, problem: String, cause: Throwable? = null) :
    IOException(if (file == null) problem else "$file: $problem", cause)
