// Configuration macros, defined once for every header of the library.
//
// TSCB_HAS_EXCEPTIONS  1 when the compiler has C++ exceptions enabled (the
//                      node-addon-api mode does not matter), 0 otherwise.
// TSCB_ADDON_LOCAL     on a function or class whose static state must be one
//                      per addon: hidden visibility. Without it, g++ makes a
//                      function-local static of an inline function (or a
//                      static member of a class template) a process-wide
//                      STB_GNU_UNIQUE symbol, so every addon built from this
//                      header would share one copy, and its code would come
//                      from whichever addon loaded first. Only for things no
//                      user type embeds: a hidden type as a field of a
//                      default-visibility type is a g++ warning.
#ifndef TSCB_CONFIG_H_
#define TSCB_CONFIG_H_

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define TSCB_HAS_EXCEPTIONS 1
#else
#define TSCB_HAS_EXCEPTIONS 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define TSCB_ADDON_LOCAL __attribute__((visibility("hidden")))
#else
#define TSCB_ADDON_LOCAL
#endif

#endif  // TSCB_CONFIG_H_
