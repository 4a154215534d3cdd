from translate_kit.cli import main

main()
