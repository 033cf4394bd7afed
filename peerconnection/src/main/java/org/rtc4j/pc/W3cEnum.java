package org.rtc4j.pc;

/** An enum whose constants carry the W3C spec's string ({@code "have-local-offer"}, ...). */
interface W3cEnum {
    /** The spec's string for this value: the constant's name in lower case with dashes. */
    default String w3c() {
        return kebab((Enum<?>) this);
    }

    /** The constant of {@code type} whose spec string is {@code text}. */
    static <E extends Enum<E> & W3cEnum> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.w3c().equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a " + type.getSimpleName());
    }

    /** {@code HAVE_LOCAL_OFFER} → {@code "have-local-offer"}. */
    static String kebab(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
