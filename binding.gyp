{
  'targets': [
    {
      'target_name': 'threadsafe_callback_binding',
      'dependencies': ['threadsafe_callback.gyp:threadsafe_callback'],
      'include_dirs': ['.'],  # the binding's own headers: "src/binding/..."
      'sources': [
        'src/binding/addon_data.cc',
        'src/binding/binding.cc',
        'src/binding/callback_object.cc',
        'src/binding/cloned_value.cc',
        'src/binding/decoder.cc',
        'src/binding/encoder.cc',
        'src/binding/scratch.cc',
        'src/binding/token_table.cc',
      ],
      'cflags_cc': ['-std=c++17', '-Wall', '-Wextra'],
      'cflags_cc!': ['-fno-exceptions'],
      'defines': ['NAPI_CPP_EXCEPTIONS', 'NAPI_VERSION=8'],
      'xcode_settings': {
        'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
        'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
      },
      'msvs_settings': { 'VCCLCompilerTool': { 'ExceptionHandling': 1 } },
    },
  ],
}
