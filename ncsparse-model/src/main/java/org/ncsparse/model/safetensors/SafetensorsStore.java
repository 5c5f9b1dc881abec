package org.ncsparse.model.safetensors;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ncsparse.model.hf.StrictJson;
import org.ncsparse.model.tensor.MappedTensor;
import org.ncsparse.model.tensor.MappedTensorStore;
import org.ncsparse.model.tensor.Quote;

/**
 * Opens Hugging Face safetensors weights as a memory-mapped {@link MappedTensorStore}: a single
 * {@code .safetensors} file, or a folder holding {@code model.safetensors.index.json} (shards named
 * in its {@code weight_map}), {@code model.safetensors}, or exactly one {@code *.safetensors} file.
 * Every file is mapped whole, read-only, into one shared arena that the store closes.
 */
public final class SafetensorsStore {
    public static final String INDEX = "model.safetensors.index.json";
    public static final String SINGLE = "model.safetensors";
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private SafetensorsStore() {}

    /** The weights at {@code path} (a file or a folder, see the class comment). */
    public static MappedTensorStore open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            if (Files.exists(path.resolve(INDEX))) return openSharded(path.resolve(INDEX));
            if (Files.exists(path.resolve(SINGLE))) return openFiles(path.toString(), List.of(path.resolve(SINGLE)), null);
            List<Path> found = new ArrayList<>();
            try (var s = Files.list(path)) { s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().forEach(found::add); }
            if (found.size() != 1)
                throw new IOException(path + ": expected " + INDEX + ", " + SINGLE + " or exactly one *.safetensors file, found " + found.size() + " *.safetensors files");
            return openFiles(path.toString(), found, null);
        }
        if (path.getFileName().toString().equals(INDEX)) return openSharded(path);
        return openFiles(path.toString(), List.of(path), null);
    }

    /** Shards listed in an index's weight_map; every shard's tensors must be exactly the ones the index assigns to it. */
    private static MappedTensorStore openSharded(Path index) throws IOException {
        JsonNode root = StrictJson.read(index, "index", SafetensorsHeader.MAX_HEADER);
        if (!root.isObject() || !root.has("weight_map")) throw new IOException(index + ": no 'weight_map' object");
        Map<String, String> weightMap = StrictJson.stringMap(index.toString(), "weight_map", root.get("weight_map"));
        Map<String, List<String>> byShard = new TreeMap<>();
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
            String shard = e.getValue();
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals(".") || shard.equals(".."))
                throw new IOException(index + ": tensor " + Quote.of(e.getKey()) + " maps to " + Quote.of(shard) + ", not a file name in the same folder");
            byShard.computeIfAbsent(shard, k -> new ArrayList<>()).add(e.getKey());
        }
        Path dir = index.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        for (String shard : byShard.keySet()) files.add(dir.resolve(shard));
        return openFiles(index.toString(), files, weightMap);
    }

    private static MappedTensorStore openFiles(String source, List<Path> files, Map<String, String> weightMap) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            Map<String, MappedTensor> tensors = new LinkedHashMap<>();
            for (Path f : files) {
                for (MappedTensor t : mapFile(f, arena)) {
                    String shard = f.getFileName().toString();
                    if (weightMap != null && !shard.equals(weightMap.get(t.name())))
                        throw new IOException(f + ": tensor " + Quote.of(t.name()) + " is not assigned to this shard by the index"
                                + (weightMap.containsKey(t.name()) ? " (it names " + Quote.of(weightMap.get(t.name())) + ")" : ""));
                    if (tensors.putIfAbsent(t.name(), t) != null) throw new IOException(f + ": tensor " + Quote.of(t.name()) + " appears in two files");
                }
            }
            if (weightMap != null)
                for (Map.Entry<String, String> e : weightMap.entrySet())
                    if (!tensors.containsKey(e.getKey())) throw new IOException(source + ": tensor " + Quote.of(e.getKey()) + " is missing from shard " + Quote.of(e.getValue()));
            return new MappedTensorStore(source, tensors, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Maps one file and slices its tensors; the header is checked before anything is sliced. */
    static List<MappedTensor> mapFile(Path file, Arena arena) throws IOException {
        StrictJson.requireRegularFile(file);
        MemorySegment seg;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        }
        return tensors(file.toString(), seg);
    }

    /** The tensors of one safetensors file held in {@code seg}, as slices of it. */
    public static List<MappedTensor> tensors(String file, MemorySegment seg) throws IOException {
        long size = seg.byteSize();
        if (size < 8) throw new IOException(file + ": too short for a safetensors file (" + size + " bytes)");
        long n = seg.get(U64, 0);
        if (n < 2 || n > SafetensorsHeader.MAX_HEADER)
            throw new IOException(file + ": safetensors header length " + Long.toUnsignedString(n) + " is outside [2, " + SafetensorsHeader.MAX_HEADER + "]");
        if (n > size - 8) throw new IOException(file + ": safetensors header length " + n + " runs past the end of the " + size + "-byte file");
        byte[] json = seg.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
        SafetensorsHeader header = SafetensorsHeader.parse(file, json, size - 8 - n);
        List<MappedTensor> out = new ArrayList<>(header.tensors().size());
        for (SafetensorsHeader.Entry e : header.tensors())
            out.add(new MappedTensor(e.name(), e.type(), e.shape(), seg.asSlice(8 + n + e.begin(), e.end() - e.begin())));
        return out;
    }
}
