# The benchmark's native fixtures. Both targets share one set of build flags
# (node-gyp's Release defaults: -O3), so the peers differ only in their code.
# bench_tscb is built exactly as a third-party addon builds against the
# library: include_dir plus the gyp target, both from require().
{
  'target_defaults': {
    'defines': ['NAPI_VERSION=8', 'NAPI_DISABLE_CPP_EXCEPTIONS'],
    'include_dirs': ['<!(node -p "require(\'node-addon-api\').include_dir")'],
  },
  'targets': [
    {
      'target_name': 'bench_peers',
      'sources': [
        'src/peers_module.cc',
        'src/peer_napi_c.cc',
        'src/peer_napi_tsfn.cc',
        'src/peer_napi_typed.cc',
        'src/ceiling.cc',
      ],
    },
    {
      'target_name': 'bench_tscb',
      'include_dirs': ['<!(node -p "require(\'threadsafe-callback\').include_dir")'],
      'dependencies': ['<!(node -p "require(\'threadsafe-callback\').gyp")'],
      'sources': [
        'src/tscb_module.cc',
        'src/peer_tscb.cc',
      ],
    },
  ],
}
