from buurt.cli import main

main()
