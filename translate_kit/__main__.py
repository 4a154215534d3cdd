from translate_kit.entry import main

main()
