package dev.vireo.app.gpu;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts, line by line (longest common subsequence), three lines of context. */
final class LineDiff {

    private static final int CONTEXT = 3;

    private LineDiff() {
    }

    static String unified(String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // the edit script: ' ' kept, '-' removed, '+' added, with each line's numbers
        List<char[]> ops = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<int[]> at = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                ops.add(new char[] {' '});
                lines.add(a[i]);
                at.add(new int[] {i++, j++});
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                ops.add(new char[] {'+'});
                lines.add(b[j]);
                at.add(new int[] {i, j++});
            } else {
                ops.add(new char[] {'-'});
                lines.add(a[i]);
                at.add(new int[] {i++, j});
            }
        }
        StringBuilder out = new StringBuilder();
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            // extend the hunk while changes come within 2 * CONTEXT lines of each other
            int last = k;
            while (end < ops.size()) {
                if (ops.get(end)[0] != ' ') {
                    last = end;
                } else if (end - last > 2 * CONTEXT) {
                    break;
                }
                end++;
            }
            end = Math.min(ops.size(), last + CONTEXT + 1);
            int aFrom = at.get(start)[0];
            int bFrom = at.get(start)[1];
            int aCount = 0;
            int bCount = 0;
            for (int h = start; h < end; h++) {
                char op = ops.get(h)[0];
                aCount += op == '+' ? 0 : 1;
                bCount += op == '-' ? 0 : 1;
            }
            out.append("@@ -").append(aFrom + 1).append(',').append(aCount).append(" +").append(bFrom + 1).append(',')
                    .append(bCount).append(" @@\n");
            for (int h = start; h < end; h++) {
                out.append(ops.get(h)[0]).append(lines.get(h)).append('\n');
            }
            k = end;
        }
        return out.toString();
    }
}
