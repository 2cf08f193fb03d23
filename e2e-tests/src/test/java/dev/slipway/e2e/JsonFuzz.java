package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile request bodies for one endpoint, made from a body it accepts: bodies that are not JSON
 * (truncated, invalid UTF-8, NUL bytes, deep nesting, huge), JSON of the wrong shape, and the
 * seed with each value swapped for every hostile value in turn, plus seeded random byte flips.
 * Deterministic for a given seed, so a failure can be replayed.
 */
final class JsonFuzz {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One body to send, and what it is, for the failure message. */
    record Body(String label, byte[] bytes) {}

    private JsonFuzz() {}

    static List<Body> bodies(String seedJson, long seed) {
        List<Body> out = new ArrayList<>();
        notJson(out);
        wrongShapes(out);
        JsonNode seedNode = parse(seedJson);
        for (Map.Entry<String, JsonNode> value : hostileValues().entrySet()) {
            for (String path : leafPaths(seedNode, "")) {
                JsonNode mutated = seedNode.deepCopy();
                replace(mutated, path, value.getValue());
                out.add(new Body(path + " := " + value.getKey(), mutated.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        byteFlips(out, seedJson.getBytes(StandardCharsets.UTF_8), new Random(seed));
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("a seed body must be JSON: " + json, e);
        }
    }

    private static void notJson(List<Body> out) {
        text(out, "empty", "");
        text(out, "blank", "  \r\n ");
        text(out, "truncated object", "{\"a\":");
        text(out, "unclosed", "{");
        text(out, "closers", "}}}]]]");
        text(out, "single quotes", "{'a':'b'}");
        text(out, "trailing garbage", "{}garbage");
        text(out, "NUL byte", "\u0000");
        text(out, "NUL in a key", "{\"\u0000\":\"x\"}");
        text(out, "byte order mark", "\uFEFF{}");
        text(out, "huge number", "1e999999");
        text(out, "nested 20,000 deep", "[".repeat(20_000) + "]".repeat(20_000));
        text(out, "object nested 5,000 deep", "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
        text(out, "2 MB string", "\"" + "x".repeat(2 * 1024 * 1024) + "\"");
        text(out, "100,000 keys", manyKeys(100_000));
        out.add(new Body("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
        out.add(new Body("lone continuation bytes", new byte[] {(byte) 0x80, (byte) 0xBF, (byte) 0xFE, (byte) 0xFF}));
    }

    private static void wrongShapes(List<Body> out) {
        for (String shape : List.of("null", "true", "0", "-1", "\"text\"", "[]", "[{}]", "{}", "{\"\":null}")) {
            text(out, "shape " + shape, shape);
        }
    }

    private static Map<String, JsonNode> hostileValues() {
        ObjectNode deep = NODES.objectNode();
        ObjectNode at = deep;
        for (int i = 0; i < 200; i++) {
            at = at.putObject("d");
        }
        ArrayNode many = NODES.arrayNode();
        for (int i = 0; i < 10_000; i++) {
            many.add(i);
        }
        return Map.ofEntries(
                Map.entry("null", NODES.nullNode()),
                Map.entry("true", NODES.booleanNode(true)),
                Map.entry("-1", NODES.numberNode(-1)),
                Map.entry("2^63", NODES.numberNode(new java.math.BigInteger("9223372036854775808"))),
                Map.entry("1.5", NODES.numberNode(1.5)),
                Map.entry("empty string", NODES.textNode("")),
                Map.entry("100 KB string", NODES.textNode("y".repeat(100 * 1024))),
                Map.entry("NUL string", NODES.textNode("a\u0000b")),
                Map.entry("control characters", NODES.textNode("\u0001\u001b[31m\r\n")),
                Map.entry("lone surrogate", NODES.textNode("\uD800")),
                Map.entry("path traversal", NODES.textNode("../../../../etc/passwd")),
                Map.entry("option-like", NODES.textNode("--upload-pack=touch /tmp/pwned")),
                Map.entry("empty array", NODES.arrayNode()),
                Map.entry("10,000 numbers", many),
                Map.entry("empty object", NODES.objectNode()),
                Map.entry("object 200 deep", deep));
    }

    /** Paths of the seed's values: {@code /a}, {@code /updates/0/type}; the root when it has none. */
    private static List<String> leafPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                paths.add(prefix + "/" + f.getKey());
                paths.addAll(leafPaths(f.getValue(), prefix + "/" + f.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.add(prefix + "/" + i);
                paths.addAll(leafPaths(node.get(i), prefix + "/" + i));
            }
        }
        return paths;
    }

    private static void replace(JsonNode root, String path, JsonNode value) {
        int slash = path.lastIndexOf('/');
        JsonNode parent = slash == 0 ? root : root.at(path.substring(0, slash));
        String last = path.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value.deepCopy());
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value.deepCopy());
        }
    }

    private static void byteFlips(List<Body> out, byte[] seed, Random random) {
        for (int i = 0; i < 24 && seed.length > 0; i++) {
            byte[] flipped = seed.clone();
            int flips = 1 + random.nextInt(3);
            StringBuilder label = new StringBuilder("byte flips at");
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(flipped.length);
                flipped[at] = (byte) random.nextInt(256);
                label.append(' ').append(at);
            }
            out.add(new Body(label.toString(), flipped));
        }
    }

    private static String manyKeys(int count) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return json.append('}').toString();
    }

    private static void text(List<Body> out, String label, String body) {
        out.add(new Body(label, body.getBytes(StandardCharsets.UTF_8)));
    }
}
