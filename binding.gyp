{
  'targets': [
    {
      'target_name': 'threadsafe_callback_binding',
      'dependencies': ['threadsafe_callback.gyp:threadsafe_callback'],
      'sources': ['<!@(node -p "require(\'fs\').readdirSync(\'src/binding\').filter(f => f.endsWith(\'.cc\')).map(f => \'src/binding/\' + f).join(\' \')")'],
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
