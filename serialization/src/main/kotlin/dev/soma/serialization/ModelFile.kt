package dev.soma.serialization

import dev.soma.nn.Module
import dev.soma.nn.ModuleFactory
import dev.soma.tensor.Tensor
import java.nio.file.Path

/**
 * A model as one safetensors file: the weights under PyTorch state-dict names (so PyTorch loads them as they
 * are) and, in `__metadata__`, the layer-config tree and the format version, so [loadModel] rebuilds the
 * architecture without the code that built it.
 */
object ModelFile {
    /** The metadata key of the format stamp ([JsonKeys.FORMAT]). */
    const val FORMAT_KEY = JsonKeys.FORMAT
    /** The metadata key of the layer-config tree ([JsonKeys.ARCHITECTURE]). */
    const val ARCHITECTURE_KEY = JsonKeys.ARCHITECTURE

    /** Writes [model]'s state dict and architecture to [path] (atomically). */
    @JvmStatic
    fun save(model: Module, path: Path) {
        SafeTensors.write(path, model.stateDict(), mapOf(
            FORMAT_KEY to FormatVersion.CURRENT.toJson(),
            ARCHITECTURE_KEY to ConfigJson.toJson(model.config()),
        ))
    }

    /** Rebuilds the model saved at [path]: every built-in layer, and user layers registered with ModuleFactory. */
    @JvmStatic
    fun loadModel(path: Path): Module {
        val contents = SafeTensors.readWithMetadata(path)
        val format = contents.metadata[FORMAT_KEY]
            ?: throw ModelFormatException(path, "no '$FORMAT_KEY' in the metadata: not a Soma model file (use loadStateDict for plain weights)")
        val version = try { FormatVersion.fromJson(format) } catch (e: IllegalArgumentException) {
            throw ModelFormatException(path, "unreadable format stamp '$format'", e)
        }
        if (version.format != FormatVersion.CURRENT.format || version.version > FormatVersion.CURRENT.version)
            throw ModelFormatException(path, "format ${version.format} v${version.version} is not one this Soma reads (${FormatVersion.CURRENT.format} up to v${FormatVersion.CURRENT.version})")
        val architecture = contents.metadata[ARCHITECTURE_KEY] ?: throw ModelFormatException(path, "no '$ARCHITECTURE_KEY' in the metadata")
        // A config the file got wrong, or a layer refusing its arguments, is IllegalArgumentException; anything else
        // a factory throws is a bug in that factory and propagates as it is.
        val model = try { ModuleFactory.build(ConfigJson.fromJson(architecture)) } catch (e: IllegalArgumentException) {
            throw ModelFormatException(path, "bad architecture: ${e.message}", e)
        }
        fill(model, contents.tensors, true, path)
        return model
    }

    /**
     * Fills [model] from any safetensors file (e.g. exported from PyTorch); strict loading reports every missing,
     * unexpected and mis-shaped key in one message.
     */
    @JvmStatic
    @JvmOverloads
    fun loadStateDict(model: Module, path: Path, strict: Boolean = true): Module.LoadResult =
        fill(model, SafeTensors.read(path), strict, path)

    private fun fill(model: Module, tensors: Map<String, Tensor>, strict: Boolean, path: Path): Module.LoadResult = try {
        model.loadStateDict(tensors, strict)
    } catch (e: IllegalArgumentException) {
        throw ModelFormatException(path, e.message ?: "weights do not fit the model", e)
    }

    /** The architecture of [model] as indented JSON, for reading and diffing. */
    @JvmStatic
    fun architectureJson(model: Module): String = ConfigJson.toPrettyJson(model.config())
}

/** Saves this model with its architecture as a safetensors file. */
fun Module.save(path: Path) = ModelFile.save(this, path)

/** Fills this model's weights from a safetensors file. */
fun Module.loadWeights(path: Path, strict: Boolean = true): Module.LoadResult = ModelFile.loadStateDict(this, path, strict)

/** Rebuilds a model saved by [save]. */
fun loadModel(path: Path): Module = ModelFile.loadModel(path)

/** Every tensor of a safetensors file. */
fun readSafetensors(path: Path): Map<String, Tensor> = SafeTensors.read(path)

/** Writes tensors (and string metadata) as a safetensors file. */
fun writeSafetensors(path: Path, tensors: Map<String, Tensor>, metadata: Map<String, String> = emptyMap()) =
    SafeTensors.write(path, tensors, metadata)
