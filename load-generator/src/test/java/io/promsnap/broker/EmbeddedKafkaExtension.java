package io.promsnap.broker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link EmbeddedKafkaBroker} per test class (temporary data directory, free ports) and
 * injects it into constructor, {@code @BeforeAll}, {@code @BeforeEach} and test method parameters of
 * type {@link EmbeddedKafkaBroker}. {@code @Nested} classes share their outer class's broker. The
 * broker is closed (and its data deleted) after the class's last test.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class MyKafkaTest {
 *     @Test
 *     void roundTrip(EmbeddedKafkaBroker broker) { ... broker.bootstrapServers() ... }
 * }
 * }</pre>
 *
 * Tests may {@link EmbeddedKafkaBroker#stop()} and {@link EmbeddedKafkaBroker#start()} the injected
 * broker; later tests of the class get it running again.
 *
 * <p>A broker whose client listener demands SASL (and TLS) is registered as a field:
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.secured(EmbeddedKafkaBroker.Security.SASL_SSL);
 *
 * @Test
 * void overTls(EmbeddedKafkaBroker broker) {
 *     Properties p = broker.clientProperties();   // security.protocol, sasl.*, truststore
 *     Path file = broker.clientConfigFile();      // the same as a file, for --command-config
 * }
 * }</pre>
 * A class may register two (say a secured and a plain one); then it takes each from {@link #broker()},
 * as two resolvers of one parameter type would conflict.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);
    private final EmbeddedKafkaBroker.Security security;
    private final String mechanism;
    private final String key;

    /** A PLAINTEXT broker (for {@code @ExtendWith}). */
    public EmbeddedKafkaExtension() {
        this(EmbeddedKafkaBroker.Security.PLAINTEXT, "PLAIN");
    }

    private EmbeddedKafkaExtension(EmbeddedKafkaBroker.Security security, String mechanism) {
        this.security = security;
        this.mechanism = mechanism;
        this.key = security == EmbeddedKafkaBroker.Security.PLAINTEXT ? "broker" : "broker-" + security + "-" + mechanism;
    }

    /** A broker whose client listener demands {@code security}; its client.properties use SASL PLAIN. */
    public static EmbeddedKafkaExtension secured(EmbeddedKafkaBroker.Security security) {
        return secured(security, "PLAIN");
    }

    /** As {@link #secured(EmbeddedKafkaBroker.Security)} with this mechanism in client.properties. */
    public static EmbeddedKafkaExtension secured(EmbeddedKafkaBroker.Security security, String saslMechanism) {
        return new EmbeddedKafkaExtension(security, saslMechanism);
    }

    private EmbeddedKafkaBroker current;

    /** The running broker of the current test class (started again if a test stopped it). */
    public EmbeddedKafkaBroker broker() {
        if (current == null) {
            throw new IllegalStateException("no embedded broker yet: it starts before the class's first test");
        }
        return current.start();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // the store lookup also sees the outer class's broker, so @Nested classes reuse it
        if (context.getStore(NS).get(key, EmbeddedKafkaBroker.class) == null) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().security(security).saslMechanism(mechanism).build();
            try {
                broker.start();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            context.getStore(NS).put(key, broker);
            context.getStore(NS).put(key + ".owner", context.getUniqueId());
            current = broker;
        } else {
            current = context.getStore(NS).get(key, EmbeddedKafkaBroker.class);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        if (context.getUniqueId().equals(store.get(key + ".owner", String.class))) {
            EmbeddedKafkaBroker broker = store.remove(key, EmbeddedKafkaBroker.class);
            store.remove(key + ".owner");
            if (broker != null) {
                broker.close();
            }
            current = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        EmbeddedKafkaBroker broker = extensionContext.getStore(NS).get(key, EmbeddedKafkaBroker.class);
        if (broker == null) {
            throw new ParameterResolutionException("no embedded broker: register EmbeddedKafkaExtension with "
                    + "@ExtendWith on the test class (it starts the broker before all tests)");
        }
        // a previous test may have stopped it
        return broker.start();
    }
}
