package org.ncsparse.model.gguf;

/** The value types of GGUF metadata, with their ids in the file and the bytes of one value (0: variable). */
public enum GgufValueType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4),
    BOOL(7, 1), STRING(8, 0), ARRAY(9, 0), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    public final int id;
    /** Bytes of one value; 0 for STRING and ARRAY, whose size is in the data. */
    public final int size;

    GgufValueType(int id, int size) { this.id = id; this.size = size; }

    private static final GgufValueType[] BY_ID = values();

    /** The type with this id, or null. */
    static GgufValueType byId(long id) { return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null; }

    public boolean isInteger() { return this != FLOAT32 && this != FLOAT64 && size > 0 && this != BOOL; }

    public boolean isNumber() { return isInteger() || this == FLOAT32 || this == FLOAT64; }
}
