package dev.soma.serialization

/** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
internal object Half {
    fun toFloat(h: Short): Float {
        val bits = h.toInt() and 0xFFFF
        val sign = (bits ushr 15) shl 31
        val exp = (bits ushr 10) and 0x1F
        val mant = bits and 0x3FF
        return when (exp) {
            0 -> if (mant == 0) java.lang.Float.intBitsToFloat(sign) else (if (sign != 0) -1f else 1f) * mant * 5.9604645E-8f   // 2^-24
            0x1F -> java.lang.Float.intBitsToFloat(sign or 0x7F800000 or (mant shl 13))
            else -> java.lang.Float.intBitsToFloat(sign or ((exp + 112) shl 23) or (mant shl 13))
        }
    }
}
