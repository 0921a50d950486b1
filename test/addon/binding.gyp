# The consumer test addon: built only from the public header, exactly as a
# third-party addon would, once per node-addon-api exception mode.
{
  'target_defaults': {
    'sources': ['addon.cc', 'harness.cc', 'closures.cc', 'results.cc', 'env_hooks.cc',
                'ledger.cc', 'misuse.cc', 'progress.cc', 'finish.cc', 'cross_close.cc',
                'migrating.cc', 'weak.cc'],
    'include_dirs': ["<!(node -p \"require('threadsafe-callback').include_dir\")"],
    'dependencies': ["<!(node -p \"require('threadsafe-callback').gyp\")"],
    'cflags_cc': ['-std=c++17', '-Wall', '-Wextra', '-Werror'],
  },
  'targets': [
    {
      'target_name': 'tscb_test_addon',
      'defines': ['NAPI_CPP_EXCEPTIONS'],
      'cflags_cc!': ['-fno-exceptions'],
      'cflags_cc': ['-fexceptions'],
    },
    {
      'target_name': 'tscb_test_addon_noexcept',
      'defines': ['NAPI_DISABLE_CPP_EXCEPTIONS'],
    },
  ],
}
