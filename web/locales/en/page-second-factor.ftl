# Pages: the second factor at sign-in

second-factor-heading = Second factor
second-factor-intro = Open your authenticator app and enter the current code for Certa. If you have lost your device, enter one of your recovery codes.
second-factor-code = Code
second-factor-submit = Verify
second-factor-start-again = Start again
