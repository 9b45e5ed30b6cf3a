package io.promsnap.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * promsnap-bom has no parent on purpose (importing a BOM imports its parent's dependency management too,
 * which would hand users our Kafka and Flink pins), so its versions are written twice: here they must agree
 * with the root pom's, and it must name every library artifact the reactor publishes.
 */
class BomTest {
    static Document parse(Path p) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile());
    }

    static Map<String, String> properties(Document d) {
        Map<String, String> out = new HashMap<>();
        NodeList props = ((Element) d.getElementsByTagName("properties").item(0)).getChildNodes();
        for (int i = 0; i < props.getLength(); i++) {
            if (props.item(i) instanceof Element e) {
                out.put(e.getTagName(), e.getTextContent().trim());
            }
        }
        return out;
    }

    @Test
    void bomVersionsEqualTheBuildsOwn() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Document rootPom = parse(root.resolve("pom.xml"));
        Document bom = parse(root.resolve("bom/pom.xml"));
        Map<String, String> rp = properties(rootPom);
        Map<String, String> bp = properties(bom);
        String version = rootPom.getDocumentElement().getElementsByTagName("version").item(0).getTextContent();
        assertThat(bp.get("promsnap.version")).isEqualTo(version);
        for (String k : List.of("snappy-java.version", "aircompressor.version", "jackson.version", "dsl-json.version",
                "fastdoubleparser.version")) {
            assertThat(bp.get(k)).as(k).isNotNull().isEqualTo(rp.get(k));
        }
        String bomText = java.nio.file.Files.readString(root.resolve("bom/pom.xml"));
        for (String artifact : List.of("decoder-core", "traffic-model", "promsnap-flink", "promsnap-kafka-connect",
                "promsnap-kafka-streams")) {
            assertThat(bomText).as("the BOM names %s", artifact).contains("<artifactId>" + artifact + "</artifactId>");
        }
    }
}
