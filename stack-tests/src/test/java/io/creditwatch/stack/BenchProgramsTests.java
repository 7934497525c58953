package io.creditwatch.stack;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark programs in bench/ are run as single-file sources ({@code java -cp ... bench/X.java}),
 * so nothing else compiles them: this test does, against the modules they use, so that a change
 * to the code they call breaks the build instead of the next benchmark run.
 */
class BenchProgramsTests {

    @Test
    void everyBenchmarkProgramCompilesAgainstTheCurrentModules() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(Tools.ROOT.resolve("bench"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources).as("bench/*.java").hasSizeGreaterThanOrEqualTo(5);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path classes = Files.createTempDirectory("bench-classes");
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null)) {
            boolean compiled = compiler.getTask(null, files, diagnostics,
                    List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                            "-Xlint:none"),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                    .map(diagnostic -> diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + ": "
                            + diagnostic.getMessage(null))
                    .toList();
            assertThat(errors).as("compilation errors").isEmpty();
            assertThat(compiled).isTrue();
        }
        for (Path source : sources) {
            String name = source.getFileName().toString().replace(".java", ".class");
            assertThat(classes.resolve(name)).as("compiled " + source.getFileName()).exists();
        }
    }
}
