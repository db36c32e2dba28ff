package dev.soma.serialization

/** Finds a repeated key at the top level of a JSON object text, which a tree parser would silently merge. */
internal object JsonKeys {
    /** The first top-level key that appears twice, or null (also null for text that is not an object: the parser reports that). */
    fun duplicateTopLevelKey(text: String): String? {
        val seen = HashSet<String>()
        var depth = 0
        var i = 0
        var expectKey = false
        while (i < text.length) {
            when (val c = text[i]) {
                '{', '[' -> { depth++; expectKey = c == '{' && depth == 1 }
                '}', ']' -> depth--
                ',' -> if (depth == 1) expectKey = true
                '"' -> {
                    val sb = StringBuilder()
                    i++
                    while (i < text.length && text[i] != '"') {
                        if (text[i] == '\\' && i + 1 < text.length) { sb.append(text[i]).append(text[i + 1]); i += 2; continue }
                        sb.append(text[i]); i++
                    }
                    if (depth == 1 && expectKey) {
                        if (!seen.add(sb.toString())) return sb.toString()
                        expectKey = false
                    }
                }
            }
            i++
        }
        return null
    }
}
