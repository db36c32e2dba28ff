package dev.soma.spark;

import dev.soma.nn.Module;
import dev.soma.optim.Optimizer;
import dev.soma.optim.lr.Scheduler;
import dev.soma.serialization.Checkpoint;
import dev.soma.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The serialization module's checkpoints kept on any Hadoop file system (HDFS, S3A, a local folder): written
 * locally, copied up under a temporary name and renamed over the last one, so a reader sees either the old
 * checkpoint or the new one, never half of one.
 */
public final class HadoopCheckpoints {
    /** The checkpoint's file name inside the folder. */
    public static final String FILE = "checkpoint.safetensors";

    private final org.apache.hadoop.fs.Path dir;
    private final Configuration conf;

    /** Checkpoints in folder {@code dir} (a Hadoop URI or path) of the file systems {@code conf} configures. */
    public HadoopCheckpoints(String dir, Configuration conf) {
        if (dir == null || dir.isBlank()) throw new IllegalArgumentException("HadoopCheckpoints: empty checkpoint folder");
        this.dir = new org.apache.hadoop.fs.Path(dir);
        this.conf = conf;
    }

    /** The checkpoint file's path. */
    public org.apache.hadoop.fs.Path file() { return new org.apache.hadoop.fs.Path(dir, FILE); }

    /** Whether a checkpoint exists. */
    public boolean exists() {
        try {
            return fs().exists(file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint folder " + dir, e);
        }
    }

    /** Saves the state after {@code epochs} finished epochs and {@code steps} optimizer steps. */
    public void save(Module model, Optimizer optimizer, Scheduler scheduler, int epochs, long steps, History history) {
        Path local = null;
        try {
            local = Files.createTempFile("soma-checkpoint", ".safetensors");
            Checkpoint.save(local, model, optimizer, scheduler, epochs, steps, history);
            FileSystem fs = fs();
            fs.mkdirs(dir);
            org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dir, "." + FILE + ".tmp");
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), tmp);
            org.apache.hadoop.fs.Path target = file();
            if (fs.exists(target) && !fs.delete(target, false)) throw new IOException("cannot replace " + target);
            if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
        } finally {
            deleteQuietly(local);
        }
    }

    /** Restores the checkpoint into the given objects; returns its epoch (finished epochs), step and history. */
    public Checkpoint.Info load(Module model, Optimizer optimizer, Scheduler scheduler) {
        Path local = null;
        try {
            local = Files.createTempFile("soma-checkpoint", ".safetensors");
            fs().copyToLocalFile(false, file(), new org.apache.hadoop.fs.Path(local.toUri()), true);
            return Checkpoint.load(local, model, optimizer, scheduler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file(), e);
        } finally {
            deleteQuietly(local);
        }
    }

    private FileSystem fs() throws IOException { return dir.getFileSystem(conf); }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless
        }
    }
}
