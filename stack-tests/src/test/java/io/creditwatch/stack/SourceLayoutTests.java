package io.creditwatch.stack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of .editorconfig that a test can check, over every text file git tracks: UTF-8, LF
 * line ends, a final newline, no tab and no trailing space. Images, the bundled model and other
 * binary files are left out by their extension, and so are the files whose format is not ours to
 * choose, as .editorconfig says: the Maven wrapper's own scripts, and the fixtures in the Kaggle
 * file's own form (CRLF line ends, which the reader must take). JSON that a program writes (a
 * model bundle, XGBoost's and Python's fixtures) ends where its writer ends it.
 */
class SourceLayoutTests {

    private static final Set<String> BINARY = Set.of("png", "ubj", "jar", "pdf", "db", "gz", "ico");
    private static final Set<String> NOT_OURS = Set.of("mvnw", "mvnw.cmd",
            "credit-model/src/test/resources/kaggle/cs-training-sample.csv",
            "credit-model/src/test/resources/kaggle/cs-test-sample.csv");

    private static boolean writtenByAProgram(String name) {
        return name.endsWith(".json") && (name.startsWith("models/") || name.contains("/src/test/resources/"));
    }

    @Test
    void everyTrackedTextFileKeepsTheLayoutOfEditorconfig() throws IOException {
        Tools.Result listed = Tools.run(Tools.ROOT, "git", "ls-files", "-z");
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String name : listed.output().split("\0")) {
            Path file = Tools.ROOT.resolve(name.trim());
            String extension = name.substring(name.lastIndexOf('.') + 1);
            if (name.isBlank() || BINARY.contains(extension) || !Files.isRegularFile(file)
                    || name.startsWith(".mvn/wrapper/")
                    || NOT_OURS.contains(name)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0) {
                continue;
            }
            checked++;
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                problems.add(name + ": not UTF-8");
                continue;
            }
            if (!text.endsWith("\n") && !writtenByAProgram(name)) {
                problems.add(name + ": no final newline");
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.endsWith("\r")) {
                    problems.add(name + ":" + (i + 1) + ": CRLF line end");
                } else if (line.endsWith(" ")) {
                    problems.add(name + ":" + (i + 1) + ": trailing space");
                }
                if (line.indexOf('\t') >= 0) {
                    problems.add(name + ":" + (i + 1) + ": tab");
                }
            }
        }
        assertThat(checked).as("text files checked").isGreaterThan(200);
        assertThat(problems).isEmpty();
    }
}
