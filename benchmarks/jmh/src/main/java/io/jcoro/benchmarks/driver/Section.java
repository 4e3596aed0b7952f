package io.jcoro.benchmarks.driver;

/** One figure's part of BENCHMARKS.md: a heading, prose, tables. */
final class Section {
    private final StringBuilder body = new StringBuilder();

    Section(String title) {
        body.append("## ").append(title).append("\n\n");
    }

    Section paragraph(String text) {
        body.append(text.strip()).append("\n\n");
        return this;
    }

    Section table(Table table) {
        if (!table.isEmpty()) {
            body.append(table.markdown()).append('\n');
        }
        return this;
    }

    String markdown() {
        return body.toString();
    }
}
