package org.graphsvc.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs a real Neo4j Community DBMS (embedded, with its Bolt server) for graphsvc's tests.
 *
 * <p>Protocol with the parent process (tests/neo4j_server.py): once Bolt accepts connections,
 * exactly one line {@code BOLT_URI=bolt://127.0.0.1:PORT} is printed on stdout. The launcher then
 * blocks reading stdin; on EOF (parent closed the pipe or died) or on SIGTERM/SIGINT it shuts the
 * DBMS down cleanly and exits, so an orphaned JVM never outlives its parent. Everything else goes
 * to stderr or to {@code <home>/logs/debug.log}; stdout carries only the URI line.
 *
 * <p>Options: {@code --home DIR} (store + logs; default: a temp dir deleted on exit),
 * {@code --bolt-port N} (default 0 = the OS picks a free port, so no port races),
 * {@code --page-cache SIZE} (default 512m), {@code --ignore-stdin} (run until signalled),
 * {@code --delete-on-eof DIR} (delete DIR after a stdin-EOF shutdown: the parent's temp dir, so
 * that a parent killed with SIGKILL leaves no store behind; not deleted after a crash, so the
 * parent can still read the logs).
 */
public final class Neo4jLauncher {
    private static final String DEFAULT_DATABASE = "neo4j";
    private static final Duration SHUTDOWN_WAIT = Duration.ofMillis(200);

    private static final Object LOCK = new Object();
    private static DatabaseManagementService dbms;
    private static Path tempHome;
    private static boolean stopped;

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        // Keep stdout for the protocol line only: anything a library prints goes to stderr.
        PrintStream protocolOut =
                new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);

        Path home = null;
        int boltPort = 0;
        long pageCache = ByteUnit.mebiBytes(512);
        boolean ignoreStdin = false;
        Path deleteOnEof = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(requireValue(args, ++i, "--home"));
                case "--bolt-port" -> boltPort = Integer.parseInt(requireValue(args, ++i, "--bolt-port"));
                case "--page-cache" -> pageCache = ByteUnit.parse(requireValue(args, ++i, "--page-cache"));
                case "--ignore-stdin" -> ignoreStdin = true;
                case "--delete-on-eof" -> deleteOnEof = Path.of(requireValue(args, ++i, "--delete-on-eof"));
                default -> {
                    System.err.println("Neo4jLauncher: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (home == null) {
            tempHome = Files.createTempDirectory("graphsvc-neo4j-");
            home = tempHome;
        }
        Files.createDirectories(home);

        Runtime.getRuntime().addShutdownHook(new Thread(Neo4jLauncher::stop, "neo4j-launcher-shutdown"));

        long t0 = System.nanoTime();
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.err, Level.WARN))
                // Bolt only, loopback only, OS-chosen port; no HTTP(S) (not on this classpath anyway).
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", boltPort))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", boltPort))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Memory: modest page cache; no per-transaction or global transaction memory cap
                // (tests write 100k ties in one transaction, benchmarks up to 1M). The JVM heap
                // (-Xmx, chosen by the parent) is the only limit.
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, 0L)
                .setConfig(GraphDatabaseSettings.memory_transaction_database_max_size, 0L)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, 0L)
                // Throwaway store: don't preallocate 250 MB transaction-log files, no warmup,
                // no usage reporting (there is no internet), no Bolt telemetry.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.pagecache_warmup_enabled, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(BoltConnector.server_bolt_telemetry_enabled, false)
                // Bolt waits 5 s + 5 s for connections/threads on shutdown by default; a test
                // server has nothing worth waiting for (transactions were already closed).
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, SHUTDOWN_WAIT)
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, SHUTDOWN_WAIT)
                .build();
        synchronized (LOCK) {
            dbms = service;
        }

        GraphDatabaseService db = service.database(DEFAULT_DATABASE);
        if (!db.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
            System.err.println("Neo4jLauncher: database '" + DEFAULT_DATABASE + "' not available after 2 min");
            System.exit(1);
        }
        HostnamePort bolt = ((GraphDatabaseAPI) service.database("system"))
                .getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bolt == null) {
            System.err.println("Neo4jLauncher: Bolt connector did not register a local address");
            System.exit(1);
        }
        System.err.printf(
                "Neo4jLauncher: Neo4j up in %d ms, home %s%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis(), home);
        protocolOut.println("BOLT_URI=bolt://127.0.0.1:" + bolt.getPort());
        protocolOut.flush();

        if (ignoreStdin) {
            Thread.currentThread().join(); // until SIGTERM/SIGINT runs the shutdown hook
        }
        drain(System.in);
        System.err.println("Neo4jLauncher: stdin closed, shutting down");
        stop();
        if (deleteOnEof != null && Files.exists(deleteOnEof)) {
            deleteRecursively(deleteOnEof);
        }
        System.exit(0);
    }

    private static String requireValue(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println("Neo4jLauncher: " + flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    /** Block until stdin reaches EOF (or fails, which means the parent is gone too). */
    private static void drain(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) != -1) {
                // ignore input; only EOF matters
            }
        } catch (IOException e) {
            System.err.println("Neo4jLauncher: stdin error (" + e + "), shutting down");
        }
    }

    /** Idempotent: called from main on stdin EOF and from the shutdown hook on signals. */
    private static void stop() {
        synchronized (LOCK) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (dbms != null) {
                try {
                    dbms.shutdown();
                } catch (RuntimeException e) {
                    System.err.println("Neo4jLauncher: error during shutdown: " + e);
                }
            }
            if (tempHome != null) {
                deleteRecursively(tempHome);
            }
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Neo4jLauncher: could not delete " + root + ": " + e);
        }
    }
}
