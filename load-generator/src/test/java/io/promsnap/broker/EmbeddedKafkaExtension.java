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
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);
    private static final String KEY = "broker";

    @Override
    public void beforeAll(ExtensionContext context) {
        // the store lookup also sees the outer class's broker, so @Nested classes reuse it
        if (context.getStore(NS).get(KEY, EmbeddedKafkaBroker.class) == null) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
            try {
                broker.start();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            context.getStore(NS).put(KEY, broker);
            context.getStore(NS).put(KEY + ".owner", context.getUniqueId());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NS);
        if (context.getUniqueId().equals(store.get(KEY + ".owner", String.class))) {
            EmbeddedKafkaBroker broker = store.remove(KEY, EmbeddedKafkaBroker.class);
            store.remove(KEY + ".owner");
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        EmbeddedKafkaBroker broker = extensionContext.getStore(NS).get(KEY, EmbeddedKafkaBroker.class);
        if (broker == null) {
            throw new ParameterResolutionException("no embedded broker: register EmbeddedKafkaExtension with "
                    + "@ExtendWith on the test class (it starts the broker before all tests)");
        }
        // a previous test may have stopped it
        return broker.start();
    }
}
