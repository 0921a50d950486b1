// Invoke's argument conversions: values are stored on the calling thread as
// plain C++ values and turned into JS values on the JS thread.
#ifndef TSCB_NAPI_TO_JS_H_
#define TSCB_NAPI_TO_JS_H_

#include <node_api.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace tscb {
namespace detail {

// How an argument is kept while it crosses threads: C strings are copied.
template <class T, class D = std::decay_t<T>>
using Stored = std::conditional_t<std::is_same<D, const char*>::value || std::is_same<D, char*>::value,
                                  std::string, D>;

inline napi_value ToJs(napi_env env, bool value) {
  napi_value result = nullptr;
  napi_get_boolean(env, value, &result);
  return result;
}

template <class T, std::enable_if_t<std::is_integral<T>::value && !std::is_same<T, bool>::value, int> = 0>
napi_value ToJs(napi_env env, T value) {
  napi_value result = nullptr;
  if constexpr (std::is_signed<T>::value && sizeof(T) <= 4) {
    napi_create_int32(env, static_cast<int32_t>(value), &result);
  } else if constexpr (!std::is_signed<T>::value && sizeof(T) <= 4) {
    napi_create_uint32(env, static_cast<uint32_t>(value), &result);
  } else if constexpr (std::is_signed<T>::value) {
    napi_create_int64(env, static_cast<int64_t>(value), &result);
  } else {
    napi_create_double(env, static_cast<double>(value), &result);  // beyond 2^53: rounded
  }
  return result;
}

template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
napi_value ToJs(napi_env env, T value) {
  napi_value result = nullptr;
  napi_create_double(env, static_cast<double>(value), &result);
  return result;
}

inline napi_value ToJs(napi_env env, const std::string& value) {
  napi_value result = nullptr;
  napi_create_string_utf8(env, value.data(), value.size(), &result);
  return result;
}

inline napi_value ToJs(napi_env env, const std::vector<uint8_t>& value) {
  napi_value result = nullptr;
  napi_create_buffer_copy(env, value.size(), value.data(), nullptr, &result);
  return result;
}

inline napi_value ToJs(napi_env env, std::nullptr_t) {
  napi_value result = nullptr;
  napi_get_null(env, &result);
  return result;
}

template <class T, class = void>
struct HasToJs : std::false_type {};
template <class T>
struct HasToJs<T, std::void_t<decltype(ToJs(std::declval<napi_env>(), std::declval<const T&>()))>>
    : std::true_type {};

// JS thread: fn.call(receiver, ...values). A failure (an exception, or a
// terminating environment) is left for the dispatcher; never fatal.
template <class Tuple, std::size_t... I>
void CallWithValues(napi_env env, napi_value receiver, napi_value fn, const Tuple& values,
                    std::index_sequence<I...>) {
  std::array<napi_value, sizeof...(I)> argv{ToJs(env, std::get<I>(values))...};
  for (napi_value arg : argv) {
    if (arg == nullptr) return;  // could not be made: the environment is going
  }
  napi_value ignored = nullptr;
  napi_call_function(env, receiver, fn, argv.size(), argv.data(), &ignored);
}

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_NAPI_TO_JS_H_
