package org.kratomwatch.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kratomwatch.app.KratomWatch;
import org.kratomwatch.app.cli.ConfigFileDefaults;
import org.kratomwatch.app.ingest.IngestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docker-compose.yml checked without Docker (the build machines have no engine): parsed as YAML
 * and held against Kafka's rules for a KRaft quorum and against the application's own options.
 * Each application service's command line is parsed by the real picocli model with the service's
 * environment standing in for the process environment, so the values checked are the ones the
 * container would run with.
 */
class DockerComposeConfigTest {

    private static final String KAFKA_IMAGE = "apache/kafka:";
    private static final Pattern LISTENER = Pattern.compile("([A-Z_]+)://([^:,]*):(\\d+)");
    private static final Pattern VOTER = Pattern.compile("(\\d+)@([^:,]+):(\\d+)");

    private static Path root;
    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void load() throws IOException {
        root = repositoryRoot();
        compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
        assertThat(services.isObject()).as("docker-compose.yml has services").isTrue();
    }

    // ---------------------------------------------------------------- Kafka

    @Test
    void threeCombinedNodesFormOneControllerQuorum() throws IOException {
        List<String> brokers = brokers();
        assertThat(brokers).hasSize(3);

        String pomKafka = pomProperty("kafka.version");
        Set<Integer> ids = new HashSet<>();
        Set<String> expectedVoters = new TreeSet<>();
        for (String b : brokers) {
            Map<String, String> env = environment(b);
            assertThat(services.path(b).path("image").asText()).as(b + " image: the clients' Kafka version (pom.xml)")
                    .isEqualTo(KAFKA_IMAGE + pomKafka);
            assertThat(env.get("KAFKA_PROCESS_ROLES")).as(b).isEqualTo("broker,controller");
            assertThat(ids.add(Integer.parseInt(env.get("KAFKA_NODE_ID")))).as(b + ": node id unique").isTrue();
            String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
            assertThat(listeners(env.get("KAFKA_LISTENERS"))).as(b + " listens on its controller listener").containsKey(controller);
            expectedVoters.add(env.get("KAFKA_NODE_ID") + "@" + hostName(b) + ":"
                    + listeners(env.get("KAFKA_LISTENERS")).get(controller).port);
        }
        for (String b : brokers) {
            Map<String, String> env = environment(b);
            Set<String> voters = new TreeSet<>(Arrays.asList(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")));
            voters.forEach(v -> assertThat(v).as(b + " voter").matches(VOTER));
            assertThat(voters).as(b + ": the quorum is exactly the three nodes at their controller ports").isEqualTo(expectedVoters);
        }
        Set<String> clusterIds = brokers.stream().map(b -> environment(b).get("CLUSTER_ID")).collect(Collectors.toSet());
        assertThat(clusterIds).as("one CLUSTER_ID (22 base64url characters: 16 bytes)").hasSize(1);
        assertThat(clusterIds.iterator().next()).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void listenersAreDeclaredMappedAndAdvertisedWhereTheyListen() {
        for (String b : brokers()) {
            Map<String, String> env = environment(b);
            Map<String, Endpoint> listeners = listeners(env.get("KAFKA_LISTENERS"));
            Map<String, Endpoint> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS"));
            Set<String> protocols = Arrays.stream(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(","))
                    .map(p -> p.split(":")[0]).collect(Collectors.toSet());
            String internal = env.get("KAFKA_INTER_BROKER_LISTENER_NAME");

            assertThat(protocols).as(b + ": every listener has a security protocol").containsAll(listeners.keySet());
            assertThat(listeners.keySet()).as(b + ": advertised listeners exist").containsAll(advertised.keySet());
            assertThat(advertised).as(b + ": the controller listener is not advertised to clients")
                    .doesNotContainKey(env.get("KAFKA_CONTROLLER_LISTENER_NAMES"));
            assertThat(advertised.get(internal)).as(b + ": inter-broker listener advertised under the service name")
                    .isEqualTo(new Endpoint(hostName(b), listeners.get(internal).port));
            for (Map.Entry<String, Endpoint> a : advertised.entrySet()) {
                assertThat(a.getValue().port).as(b + " " + a.getKey() + ": advertised port is the listening port")
                        .isEqualTo(listeners.get(a.getKey()).port);
                if (!a.getKey().equals(internal)) { // reached from the host: published there at the same port
                    assertThat(a.getValue().host).as(b + " " + a.getKey()).isIn("127.0.0.1", "localhost");
                    assertThat(publishedPorts(b)).as(b + " publishes " + a.getKey())
                            .contains(new PublishedPort("127.0.0.1", a.getValue().port, a.getValue().port));
                }
            }
            assertThat(env.get("KAFKA_LOG_DIRS")).as(b + ": data on a volume")
                    .isIn(volumeMounts(b).values());
            assertThat(services.path(b).path("healthcheck").path("test").toString()).as(b + " health check")
                    .contains(hostName(b) + ":" + listeners.get(internal).port);
        }
        // Apart from identity and listener ports, the nodes are configured alike.
        Set<String> perNode = Set.of("KAFKA_NODE_ID", "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS");
        List<Map<String, String>> shared = brokers().stream().map(b -> {
            Map<String, String> env = new LinkedHashMap<>(environment(b));
            env.keySet().removeAll(perNode);
            return env;
        }).toList();
        assertThat(shared).as("broker settings other than " + perNode).allMatch(shared.get(0)::equals);
    }

    @Test
    void everyReplicatedTopicSurvivesOneBrokerDown() {
        int brokers = brokers().size();
        for (String b : brokers()) {
            Map<String, String> env = environment(b);
            assertThat(env).as(b + ": exactly-once needs replicated offsets and transaction state")
                    .containsKeys("KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_MIN_INSYNC_REPLICAS",
                            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR");
            int defaultMinIsr = Integer.parseInt(env.get("KAFKA_MIN_INSYNC_REPLICAS"));
            int checked = 0;
            for (Map.Entry<String, String> e : env.entrySet()) {
                String key = e.getKey();
                if (!key.endsWith("_REPLICATION_FACTOR") && !key.endsWith("_MIN_ISR") && !key.equals("KAFKA_MIN_INSYNC_REPLICAS")) {
                    continue;
                }
                int value = Integer.parseInt(e.getValue());
                assertThat(value).as(b + " " + key).isBetween(2, brokers);
                if (key.endsWith("_REPLICATION_FACTOR")) {
                    // its own min ISR where Kafka has one, else the broker default (offsets topic)
                    String minIsrKey = key.equals("KAFKA_DEFAULT_REPLICATION_FACTOR") ? "KAFKA_MIN_INSYNC_REPLICAS"
                            : key.replace("_REPLICATION_FACTOR", "_MIN_ISR");
                    int minIsr = env.containsKey(minIsrKey) ? Integer.parseInt(env.get(minIsrKey)) : defaultMinIsr;
                    assertThat(minIsr).as(b + ": min ISR of " + key + " below it, so one broker may be down").isLessThan(value);
                } else {
                    String rfKey = key.equals("KAFKA_MIN_INSYNC_REPLICAS") ? "KAFKA_DEFAULT_REPLICATION_FACTOR"
                            : key.replace("_MIN_ISR", "_REPLICATION_FACTOR");
                    assertThat(env).as(b + ": " + key + " has its replication factor").containsKey(rfKey);
                }
                checked++;
            }
            assertThat(checked).as(b + " replication settings").isGreaterThanOrEqualTo(5);
            assertThat(env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).as(b + ": topics come from the application").isEqualTo("false");
        }
    }

    // ---------------------------------------------------------------- the application

    @Test
    void applicationServicesUseOnlyVariablesTheirCommandDeclares() {
        assertThat(appServices()).containsKeys("generate", "ingest", "engine-1", "engine-2");
        for (Map.Entry<String, List<String>> s : appServices().entrySet()) {
            String command = s.getValue().get(0);
            CommandLine sub = KratomWatch.commandLine().getSubcommands().get(command);
            assertThat(sub).as(s.getKey() + ": '" + command + "' is a kratomwatch command").isNotNull();
            Set<String> declared = new TreeSet<>();
            ConfigFileDefaults.settings(sub.getCommandSpec()).forEach(o -> declared.add(ConfigFileDefaults.variable(o).orElseThrow()));
            if (command.equals("ingest")) {
                declared.addAll(IngestCommand.KEY_ENVIRONMENT);
            }
            Set<String> used = environment(s.getKey()).keySet().stream().filter(k -> k.startsWith("KRATOMWATCH_"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(declared).as(s.getKey() + " (" + command + ") variables").containsAll(used);
        }
    }

    @Test
    void applicationReachesTheBrokersInternallyAndReplicatesItsTopicsAcrossThem() {
        Set<String> internal = new TreeSet<>();
        int minIsr = Integer.MAX_VALUE;
        for (String b : brokers()) {
            Map<String, String> env = environment(b);
            Endpoint e = listeners(env.get("KAFKA_ADVERTISED_LISTENERS")).get(env.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
            internal.add(e.host + ":" + e.port);
            minIsr = Math.min(minIsr, Integer.parseInt(env.get("KAFKA_MIN_INSYNC_REPLICAS")));
        }
        Set<String> topicSettings = new HashSet<>();
        int kafkaClients = 0;
        for (String s : appServices().keySet()) {
            CommandSpec spec = parsed(s);
            if (spec.findOption("--bootstrap-server") == null) {
                continue; // generate: no Kafka
            }
            kafkaClients++;
            String bootstrap = (String) spec.findOption("--bootstrap-server").getValue();
            assertThat(bootstrap).as(s + " bootstrap servers").isNotNull();
            assertThat(new TreeSet<>(Arrays.asList(bootstrap.split(",")))).as(s + ": every broker's internal listener")
                    .isEqualTo(internal);
            short rf = (Short) spec.findOption("--replication-factor").getValue();
            assertThat((int) rf).as(s + ": replication factor of the topics it creates, at most the brokers and above min ISR")
                    .isLessThanOrEqualTo(brokers().size()).isGreaterThan(minIsr);
            topicSettings.add(spec.findOption("--partitions").getValue() + "x" + rf);
            assertThat(dependsOn(s)).as(s + " waits for healthy brokers")
                    .containsAllEntriesOf(brokers().stream().collect(Collectors.toMap(b -> b, b -> "service_healthy")));
        }
        assertThat(kafkaClients).isEqualTo(3);
        assertThat(topicSettings).as("ingest and engines create ae.reports.v1 alike (whichever comes first)").hasSize(1);
    }

    @Test
    void enginesShareTheApplicationAndAdvertiseTheirQueryApiUnderTheirServiceName() throws Exception {
        List<String> engines = appServices().entrySet().stream().filter(e -> e.getValue().get(0).equals("engine"))
                .map(Map.Entry::getKey).toList();
        assertThat(engines).hasSize(2);
        Set<Object> applicationIds = new HashSet<>();
        Set<String> stateVolumes = new HashSet<>();
        for (String e : engines) {
            CommandSpec spec = parsed(e);
            applicationIds.add(spec.findOption("--application-id").getValue());

            String stateDir = spec.findOption("--state-dir").getValue().toString();
            String volume = volumeMounts(e).entrySet().stream().filter(m -> m.getValue().equals(stateDir))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            assertThat(volume).as(e + ": --state-dir " + stateDir + " is a mounted volume").isNotNull();
            assertThat(stateVolumes.add(volume)).as(e + ": state volume " + volume + " is its own").isTrue();

            String bind = (String) spec.findOption("--query-bind").getValue();
            assertThat(InetAddress.getByName(bind).isAnyLocalAddress()).as(e + ": query API reachable from the other instance")
                    .isTrue();
            int port = (Integer) spec.findOption("--query-port").getValue();
            assertThat(spec.findOption("--advertised").<String>getValue()).as(e + ": advertised as service:port")
                    .isEqualTo(hostName(e) + ":" + port);
            assertThat(publishedPorts(e)).as(e + ": query API published on the host's loopback")
                    .anyMatch(p -> p.hostIp.equals("127.0.0.1") && p.container == port);
            assertThat(services.path(e).path("healthcheck").path("test").toString()).as(e + " health check")
                    .contains("127.0.0.1:" + port + "/health");
        }
        assertThat(applicationIds).as("one Kafka Streams application").hasSize(1);

        List<Integer> hostPorts = new ArrayList<>();
        services.propertyStream().map(Map.Entry::getKey).forEach(s -> publishedPorts(s).forEach(p -> hostPorts.add(p.host)));
        assertThat(hostPorts).as("published host ports").doesNotHaveDuplicates();
        assertThat(engines.stream().flatMap(e -> publishedPorts(e).stream()).map(p -> p.host)).containsExactlyInAnyOrder(7071, 7072);
    }

    @Test
    void ingestReadsWhatGenerateWroteWithAPseudonymKeyFromASecret() {
        CommandSpec generate = parsed("generate");
        CommandSpec ingest = parsed("ingest");
        String out = generate.findOption("--out").getValue().toString();
        assertThat(ingest.positionalParameters().get(1).<List<Path>>getValue()).as("ingest input is generate's output")
                .containsExactly(Path.of(out));
        String volume = volumeMounts("generate").entrySet().stream().filter(m -> out.startsWith(m.getValue() + "/"))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        assertThat(volume).as("generate writes to a volume").isNotNull();
        assertThat(volumeMounts("ingest")).as("ingest mounts it at the same place")
                .containsEntry(volume, volumeMounts("generate").get(volume));
        assertThat(dependsOn("ingest")).containsEntry("generate", "service_completed_successfully");

        String keyFile = environment("ingest").get("KRATOMWATCH_PSEUDONYM_KEY_FILE");
        assertThat(keyFile).as("ingest has a pseudonym key file").startsWith("/run/secrets/");
        String secret = keyFile.substring("/run/secrets/".length());
        assertThat(services.path("ingest").path("secrets").toString()).contains("\"" + secret + "\"");
        assertThat(compose.path("secrets").path(secret).path("file").asText()).as("secret " + secret + " is a file").isNotBlank();
        assertThat(environment("ingest")).as("the key itself is not in the compose file").doesNotContainKey("KRATOMWATCH_PSEUDONYM_KEY");
    }

    @Test
    void imageHasTheJarItsLibrariesAndAWritableFolderForEveryVolume() throws IOException {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        String appPom = Files.readString(root.resolve("app/pom.xml"));
        assertThat(appPom).as("the jar the image copies").contains("<finalName>kratomwatch</finalName>")
                .contains("<classpathPrefix>lib/</classpathPrefix>");
        assertThat(dockerfile).contains("FROM maven:3-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre")
                .contains("COPY --from=build /src/app/target/kratomwatch.jar /app/kratomwatch.jar")
                .contains("COPY --from=build /src/app/target/lib /app/lib") // the manifest's Class-Path: lib/...
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/kratomwatch.jar\"]")
                .containsPattern("(?m)^USER kratomwatch$");
        // A named volume takes the owner of the image's folder it is mounted on: the non-root user
        // can write state and generated files only where the image created that folder for it.
        for (String s : appServices().keySet()) {
            for (Map.Entry<String, String> m : volumeMounts(s).entrySet()) {
                assertThat(dockerfile).as(s + ": the image creates " + m.getValue() + " for volume " + m.getKey())
                        .containsPattern("mkdir -p [^\\n]*" + Pattern.quote(m.getValue()) + "(\\s|$)");
            }
        }
    }

    // ---------------------------------------------------------------- reading the file

    private record Endpoint(String host, int port) {
    }

    private record PublishedPort(String hostIp, int host, int container) {
    }

    private static List<String> brokers() {
        List<String> brokers = new ArrayList<>();
        services.propertyStream().map(Map.Entry::getKey).forEach(s -> {
            if (services.path(s).path("image").asText().startsWith(KAFKA_IMAGE)) {
                brokers.add(s);
            }
        });
        return brokers;
    }

    /** Services running the kratomwatch image, with their command lines. */
    private static Map<String, List<String>> appServices() {
        Map<String, List<String>> app = new LinkedHashMap<>();
        services.propertyStream().map(Map.Entry::getKey).forEach(s -> {
            JsonNode svc = services.path(s);
            if (svc.has("build") || svc.path("image").asText().startsWith("kratomwatch")) {
                List<String> command = new ArrayList<>();
                svc.path("command").forEach(c -> command.add(c.asText()));
                assertThat(command).as(s + ": command as a list").isNotEmpty();
                app.put(s, command);
            }
        });
        return app;
    }

    /** The service's command parsed by kratomwatch with the service's environment; the subcommand's spec. */
    private static CommandSpec parsed(String service) {
        List<String> command = appServices().get(service);
        CommandLine cl = KratomWatch.commandLine();
        CommandLine sub = cl.getSubcommands().get(command.get(0));
        Map<String, String> env = environment(service);
        sub.setDefaultValueProvider(new ConfigFileDefaults(env::get));
        cl.parseArgs(command.toArray(String[]::new));
        return sub.getCommandSpec();
    }

    private static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = services.path(service).path("environment");
        if (node.isObject()) {
            node.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        } else {
            node.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        }
        return env;
    }

    /** The name other containers reach a service by: its host name, which must be its service name. */
    private static String hostName(String service) {
        JsonNode h = services.path(service).path("hostname");
        assertThat(h.isMissingNode() || h.asText().equals(service)).as(service + ": hostname is the service name").isTrue();
        return service;
    }

    private static Map<String, Endpoint> listeners(String spec) {
        Map<String, Endpoint> m = new LinkedHashMap<>();
        assertThat(spec).as("listeners").isNotBlank();
        for (String part : spec.split(",")) {
            Matcher l = LISTENER.matcher(part.trim());
            assertThat(l.matches()).as("listener '" + part + "'").isTrue();
            m.put(l.group(1), new Endpoint(l.group(2), Integer.parseInt(l.group(3))));
        }
        return m;
    }

    private static List<PublishedPort> publishedPorts(String service) {
        List<PublishedPort> ports = new ArrayList<>();
        for (JsonNode p : services.path(service).path("ports")) {
            if (p.isObject()) {
                ports.add(new PublishedPort(p.path("host_ip").asText("0.0.0.0"), p.path("published").asInt(), p.path("target").asInt()));
                continue;
            }
            String[] parts = p.asText().replaceFirst("/tcp$", "").split(":");
            assertThat(parts).as(service + " port '" + p.asText() + "': IP:HOST:CONTAINER").hasSize(3);
            ports.add(new PublishedPort(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        }
        return ports;
    }

    /** Named volume to its mount point in the service; each must be declared at the top level. */
    private static Map<String, String> volumeMounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode v : services.path(service).path("volumes")) {
            String[] parts = v.isObject() ? new String[] {v.path("source").asText(), v.path("target").asText()} : v.asText().split(":");
            assertThat(compose.path("volumes").has(parts[0])).as(service + ": volume " + parts[0] + " declared").isTrue();
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    /** depends_on as service to condition. */
    private static Map<String, String> dependsOn(String service) {
        Map<String, String> deps = new LinkedHashMap<>();
        JsonNode node = services.path(service).path("depends_on");
        if (node.isObject()) {
            node.properties().forEach(e -> deps.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
        } else {
            node.forEach(d -> deps.put(d.asText(), "service_started"));
        }
        return deps;
    }

    private static String pomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(root.resolve("pom.xml")));
        assertThat(m.find()).as("pom.xml property " + name).isTrue();
        return m.group(1).trim();
    }

    /** The repository root: the first folder upwards from the working directory with docker-compose.yml. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docker-compose.yml")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
}
