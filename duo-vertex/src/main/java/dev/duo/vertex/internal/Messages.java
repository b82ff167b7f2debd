package dev.duo.vertex.internal;

/** Keeps text from outside (Google's messages) short and on one line before it goes into a message. */
final class Messages {

    private static final int MAX = 300;

    private Messages() {
    }

    static String shorten(String text) {
        if (text == null) {
            return "no detail";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < MAX; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        String s = sb.toString().strip().replaceAll(" {2,}", " ");
        return text.length() > MAX ? s + "..." : s;
    }
}
