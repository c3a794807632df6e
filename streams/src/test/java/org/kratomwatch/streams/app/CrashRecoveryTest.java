package org.kratomwatch.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a crash the engine removes its local copy of the counts replica (a global store Kafka
 * Streams 4.4 would refuse to reopen, see {@link SignalEngine#recoverFromCrash}); after a clean
 * close it keeps it; and it never touches a state folder another instance holds.
 */
class CrashRecoveryTest {

    private static final String APP = "kratomwatch-signals";

    @TempDir
    Path state;

    private Path globalStore() throws Exception {
        Path store = state.resolve(APP).resolve("global").resolve("rocksdb").resolve("counts-replica");
        Files.createDirectories(store);
        Files.writeString(store.resolve("000007.sst"), "data");
        return state.resolve(APP).resolve("global");
    }

    @Test
    void afterACrashTheGlobalStoreIsRemoved() throws Exception {
        Path global = globalStore();
        assertThat(SignalEngine.recoverFromCrash(state, APP)).isTrue();
        assertThat(global).doesNotExist();
        assertThat(state.resolve(APP)).isDirectory();
    }

    @Test
    void afterACleanCloseItIsKeptAndTheMarkerIsConsumed() throws Exception {
        Path global = globalStore();
        Files.writeString(SignalEngine.cleanShutdownMarker(state, APP), "closed\n");
        assertThat(SignalEngine.recoverFromCrash(state, APP)).isFalse();
        assertThat(global).isDirectory();
        assertThat(SignalEngine.cleanShutdownMarker(state, APP)).doesNotExist();
        // a crash now, before the next clean close, and the next start removes it
        assertThat(SignalEngine.recoverFromCrash(state, APP)).isTrue();
        assertThat(global).doesNotExist();
    }

    @Test
    void aFirstStartHasNothingToRemove() throws Exception {
        assertThat(SignalEngine.recoverFromCrash(state, APP)).isFalse();
    }

    @Test
    void aFolderInUseIsLeftAlone() throws Exception {
        Path global = globalStore();
        try (FileChannel c = FileChannel.open(state.resolve(APP).resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = c.lock()) {
            assertThat(lock.isValid()).isTrue();
            assertThat(SignalEngine.recoverFromCrash(state, APP)).isFalse();
        }
        assertThat(global).isDirectory();
    }
}
