package io.promsnap.loadgen;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import io.promsnap.cli.options.Redaction;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * Turns what a Kafka client throws, or its silence, into one line that names the cause: authentication
 * failed, certificate not trusted, the listener wants TLS (or does not speak it), nothing listens there,
 * not authorised. Every line goes through {@link Redaction}. The client commands print it as
 * {@code ERROR <line>} and exit 1.
 *
 * <p>A plaintext client against a TLS listener, and a TLS client against a plaintext one, are never
 * reported by the Kafka client: it sees closed connections and retries until its timeout. So when a
 * client got no answer, {@link #describeNoAnswer} probes the bootstrap addresses itself (a TCP connect
 * and a TLS handshake, a few seconds each, sending no credentials) to say which it is.
 */
public final class KafkaFailures {
    private static final int PROBE_TIMEOUT_MS = 3000;
    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private KafkaFailures() {
    }

    /**
     * One line for a failure of a Kafka client configured with {@code props}, or {@code null} when
     * {@code failure} is not about reaching or being admitted by the cluster (the caller rethrows it).
     */
    public static String describe(Throwable failure, Properties props) {
        String at = props.getProperty("bootstrap.servers", "?");
        String protocol = props.getProperty("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
        String mechanism = props.getProperty("sasl.mechanism", "GSSAPI").toUpperCase(Locale.ROOT);
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                return Redaction.redact("authentication failed at " + at + " (SASL " + mechanism + user(props)
                        + "): the broker rejected the user name or password in sasl.jaas.config (" + firstLine(t) + ")");
            }
            if (t instanceof SslAuthenticationException) {
                return Redaction.redact(tls(t, at, props));
            }
            if (t instanceof UnsupportedSaslMechanismException) {
                return Redaction.redact("the listener at " + at + " does not accept SASL mechanism " + mechanism
                        + " (sasl.mechanism); " + firstLine(t));
            }
            if (t instanceof IllegalSaslStateException) {
                return Redaction.redact("the listener at " + at + " does not speak SASL the way security.protocol="
                        + protocol + " expects (is it a PLAINTEXT or SSL listener?): " + firstLine(t));
            }
            if (t instanceof AuthenticationException) {
                return Redaction.redact("authentication failed at " + at + " (" + protocol + "): " + firstLine(t));
            }
            if (t instanceof AuthorizationException) {
                return Redaction.redact("not authorised at " + at + user(props) + ": " + firstLine(t));
            }
            if (t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                String what = firstLine(failure);
                String prefix = "cannot connect to Kafka at " + at + ": ";
                return describeNoAnswer(props, what.startsWith(prefix) ? what.substring(prefix.length()) : what);
            }
        }
        return null;
    }

    /**
     * One line for "no broker has answered" with what a probe of the bootstrap addresses found:
     * {@code what} says what the client was waiting for (e.g. "no answer within 10 s").
     */
    public static String describeNoAnswer(Properties props, String what) {
        String at = props.getProperty("bootstrap.servers", "?");
        String finding = probe(props);
        if (finding == null) {
            // the bootstrap addresses answer as configured: a timeout there is not "cannot connect" (a commit or a
            // send that timed out on a reachable cluster, a broker behind an advertised address this machine cannot reach)
            return Redaction.redact("no answer from Kafka at " + at + " in time: " + what + " (the bootstrap addresses "
                    + "accept connections as security.protocol=" + props.getProperty("security.protocol", "PLAINTEXT")
                    + " expects; is a broker's advertised address unreachable from here, or the cluster overloaded?)");
        }
        return Redaction.redact("cannot connect to Kafka at " + at + ": " + what + "; " + finding);
    }

    /** What a TCP connect and a TLS handshake to the bootstrap addresses tell, or {@code null} if nothing useful. */
    public static String probe(Properties props) {
        String protocol = props.getProperty("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
        boolean clientTls = protocol.equals("SSL") || protocol.equals("SASL_SSL");
        List<String> findings = new ArrayList<>();
        String[] servers = props.getProperty("bootstrap.servers", "").split(",");
        for (int i = 0; i < Math.min(3, servers.length); i++) {
            String hp = servers[i].strip();
            int colon = hp.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String host = hp.substring(0, colon).replace("[", "").replace("]", "");
            int port;
            try {
                port = Integer.parseInt(hp.substring(colon + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            String f = probe(host, port, clientTls, protocol);
            if (f != null) {
                findings.add(f);
            }
        }
        return findings.isEmpty() ? null : String.join("; ", findings);
    }

    private static String probe(String host, int port, boolean clientTls, String protocol) {
        String hp = host + ":" + port;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MS);
        } catch (ConnectException e) {
            return hp + " refuses connections (nothing listens there: wrong port, or the broker is down)";
        } catch (SocketTimeoutException e) {
            return "no TCP connection to " + hp + " within " + PROBE_TIMEOUT_MS / 1000 + " s (a firewall, security group "
                    + "or whitelist dropping this machine's address?)";
        } catch (IOException e) {
            return "cannot open a TCP connection to " + hp + ": " + e.getMessage();
        }
        Boolean tls = speaksTls(host, port);
        if (tls == null) {
            return null;
        }
        if (tls && !clientTls) {
            return "the listener wants TLS: " + hp + " answers with a TLS handshake, but security.protocol=" + protocol
                    + " (use SASL_SSL or SSL, with the truststore, in --command-config)";
        }
        if (!tls && clientTls) {
            return "the listener does not speak TLS: " + hp + " does not answer a TLS handshake, but security.protocol="
                    + protocol + " (is it a PLAINTEXT or SASL_PLAINTEXT listener?)";
        }
        return null;
    }

    /**
     * Whether a TLS server answers at host:port: a completed handshake or one that fails on the
     * certificate (the JDK's default trust) both mean it speaks TLS; a closed connection or a
     * non-TLS reply means it does not. {@code null} when the probe says nothing (e.g. a timeout).
     */
    static Boolean speaksTls(String host, int port) {
        try {
            SSLContext ctx = SSLContext.getDefault();
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MS);
                raw.setSoTimeout(PROBE_TIMEOUT_MS);
                try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, false)) {
                    s.startHandshake();
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (SSLException e) {
            return certificateProblem(e) ? Boolean.TRUE : Boolean.FALSE;
        } catch (IOException | java.security.GeneralSecurityException e) {
            return Boolean.FALSE;
        }
    }

    private static boolean certificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return true;
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("PKIX") || m.contains("certification path") || m.contains("certificate")) {
                return true;
            }
        }
        return false;
    }

    private static String tls(Throwable t, String at, Properties props) {
        String truststore = props.getProperty("ssl.truststore.location");
        String where = truststore == null ? "the JDK's default trust store (no ssl.truststore.location)"
                : "ssl.truststore.location " + truststore;
        String all = chain(t);
        if (all.contains("No subject alternative") || all.contains("No name matching") || all.contains("subject alternative name")) {
            return "certificate does not match the host name at " + at + ": the broker's certificate does not name the "
                    + "address connected to (set ssl.endpoint.identification.algorithm= to switch the check off only if "
                    + "your provider says so) (" + lastLine(t) + ")";
        }
        if (certificateProblem(t)) {
            return "certificate not trusted at " + at + ": the broker's TLS certificate is not signed by a CA in " + where
                    + " (" + lastLine(t) + ")";
        }
        if (all.contains("Unrecognized SSL message") || all.contains("Unsupported or unrecognized SSL message")
                || all.contains("plaintext connection")) {
            return "the listener does not speak TLS at " + at + ": security.protocol="
                    + props.getProperty("security.protocol") + " wants TLS, the listener answered in plain text "
                    + "(is it a PLAINTEXT or SASL_PLAINTEXT listener?)";
        }
        String finding = probe(props);
        return "TLS handshake with " + at + " failed: " + lastLine(t) + (finding == null ? "" : "; " + finding);
    }

    private static String user(Properties props) {
        String jaas = props.getProperty("sasl.jaas.config");
        if (jaas == null) {
            return "";
        }
        Matcher m = USERNAME.matcher(jaas);
        return m.find() ? ", user " + m.group(1) : "";
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The innermost cause's message: for TLS the useful one ("PKIX path building failed ..."). */
    private static String lastLine(Throwable t) {
        Throwable last = t;
        while (last.getCause() != null && last.getCause() != last) {
            last = last.getCause();
        }
        return firstLine(last);
    }

    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
