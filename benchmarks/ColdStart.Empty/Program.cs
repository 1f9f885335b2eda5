Console.WriteLine("Active: baseline");
return 0;
