package org.ncsparse.model.dump;

import org.ncsparse.model.hf.StrictJson;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A set of dumped tensors: one {@code .safetensors} file, one {@code .npy} file, or a directory of
 * {@code .npy} files (tensor name = file name without {@code .npy}). Holds the open channels.
 * Only regular files are opened: a FIFO or a device named as a dump is refused before reading.
 */
public final class DumpFile implements AutoCloseable {
    private final Map<String, DumpTensor> tensors;
    private final List<FileChannel> channels;

    private DumpFile(Map<String, DumpTensor> tensors, List<FileChannel> channels) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.channels = channels;
    }

    public static DumpFile open(Path path) throws IOException {
        if (!Files.exists(path)) throw new IOException("dump " + path + " does not exist");
        if (!Files.isDirectory(path)) StrictJson.requireRegularFile(path);
        List<FileChannel> chans = new ArrayList<>();
        Map<String, DumpTensor> map = new LinkedHashMap<>();
        try {
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> s = Files.list(path)) {
                    files = s.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList();
                }
                if (files.isEmpty()) throw new IOException("directory " + path + " holds no .npy files");
                for (Path f : files) {
                    StrictJson.requireRegularFile(f);
                    FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
                    chans.add(ch);
                    String n = f.getFileName().toString();
                    map.put(n.substring(0, n.length() - 4), NpyReader.open(f, ch, n.substring(0, n.length() - 4)));
                }
            } else {
                FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
                chans.add(ch);
                String n = path.getFileName().toString();
                if (n.endsWith(".npy")) map.put(n.substring(0, n.length() - 4), NpyReader.open(path, ch, n.substring(0, n.length() - 4)));
                else if (n.endsWith(".safetensors")) map.putAll(SafetensorsReader.read(path, ch));
                else throw new IOException(path + ": unknown dump format (expected .safetensors, .npy, or a directory of .npy files)");
            }
        } catch (IOException | RuntimeException e) {
            for (FileChannel c : chans) c.close();
            throw e;
        }
        return new DumpFile(map, chans);
    }

    public Map<String, DumpTensor> tensors() { return tensors; }

    public DumpTensor get(String name) throws IOException {
        DumpTensor t = tensors.get(name);
        if (t == null) throw new IOException("dump has no tensor '" + name + "' (has " + tensors.keySet() + ")");
        return t;
    }

    @Override public void close() throws IOException {
        for (FileChannel c : channels) c.close();
    }
}
